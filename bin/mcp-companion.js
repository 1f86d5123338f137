#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
// `bridge <name> --url <url>` (what routed stdio clients run) takes a fast path: the relay is
// bundled into one file at build time, so an IDE starting the server waits as little as possible.
import fs from 'node:fs';

const argv = process.argv;
const token = process.env.MCP_COMPANION_TOKEN;
const fast = argv[2] === 'bridge' && argv.length === 6 && argv[4] === '--url' && token;
const bundled = new URL('../dist/bridge/bridge-relay.mjs', import.meta.url);
const relayModule = fs.existsSync(bundled) ? bundled.href : '../dist/local-gateway/cli/bridge-relay.js';
const run = fast
  ? import(relayModule).then((m) => m.relay(argv[5], token, { err: (l) => process.stderr.write(`${l}\n`) }))
  : import('../dist/local-gateway/cli/main.js').then((m) => m.main(argv));
run.catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
