// Child process for proxy.release-memory.test.ts: a fresh malloc state, then rounds of what a
// relayed 2 MiB body leaves behind (64 KiB socket-read buffers, written to, dropped, collected).
// Prints the page faults per round. argv[2]: 'hint' applies keepFreedMemoryForReuse first,
// 'proxy' creates a proxy with its default collector (which must apply it), 'none' neither.
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createProxy } from '../../local-gateway/proxy/proxy.js';
import { keepFreedMemoryForReuse, youngGenerationCollector } from '../../local-gateway/proxy/release-memory.js';

const collect = youngGenerationCollector();
if (!collect) throw new Error('no collector');
if (process.argv[2] === 'hint') keepFreedMemoryForReuse(collect);
if (process.argv[2] === 'proxy') {
  const tokens = { token: async () => 'unused', renew: async () => 'unused' };
  createProxy({ tokens, localBase: () => 'http://127.0.0.1' }).close();
}

const minorFaults = (): number => Number(fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[7]);

async function round(): Promise<void> {
  let chunks: Buffer[] | undefined = Array.from({ length: 32 }, () => Buffer.allocUnsafeSlow(64 * 1024).fill(7));
  chunks = undefined;
  collect!();
  await sleep(20); // the backing stores may be freed by a background sweeper
}

for (let i = 0; i < 5; i++) await round();
const before = minorFaults();
const rounds = 20;
for (let i = 0; i < rounds; i++) await round();
process.stdout.write(`${(minorFaults() - before) / rounds}\n`);
