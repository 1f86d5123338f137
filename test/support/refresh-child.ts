// A second companion process on the same data dir (like the app plus a CLI): waits for "go" on
// stdin, then asks for a token N times at once and prints what it got (as a hash).
import { createHash } from 'node:crypto';
import { createCompanion } from '../../local-gateway/companion.js';

const [dataDir, server, count] = process.argv.slice(2) as [string, string, string];
const c = createCompanion({
  dataDir,
  openBrowser: async () => {
    throw new Error('no browser in the child');
  },
});
process.stdin.once('data', async () => {
  const target = c.store.getServer(server)!;
  const tokens = await Promise.all(
    Array.from({ length: Number(count) }, () => c.oauth.broker.token(target, new AbortController().signal)),
  );
  process.stdout.write(JSON.stringify([...new Set(tokens.map((t) => createHash('sha256').update(t).digest('hex')))]));
  await c.close();
});
process.stdout.write('ready\n');
