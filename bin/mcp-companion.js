#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
// `bridge <name> --url <url>` (what routed stdio clients run) takes a fast path that loads only
// the relay, so an IDE starting the server waits as little as possible.
const argv = process.argv;
const fast = argv[2] === 'bridge' && argv.length === 6 && argv[4] === '--url' && process.env.MCP_COMPANION_TOKEN;
const run = fast
  ? import('../dist/local-gateway/cli/bridge-relay.js').then((m) => m.relay(argv[5], process.env.MCP_COMPANION_TOKEN, { err: (l) => process.stderr.write(`${l}\n`) }))
  : import('../dist/local-gateway/cli/main.js').then((m) => m.main(argv));
run.catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
