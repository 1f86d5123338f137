// `route`/`unroute` of one client in a child process, so a test can run it as another user
// (a read-only file stops only a user who is not root). Prints one JSON line: `{ ok: true }` or
// the error's code and message.
import { createClientOps, type ClientId } from '../../local-gateway/clients/index.js';
import { memoryKeychain } from '../../local-gateway/clients/system.js';
import { fakeProcesses } from './client-homes.js';
import { createTestRouteHost } from './route-host.js';

const [home, dataDir, op, client] = process.argv.slice(2) as [string, string, 'route' | 'unroute', ClientId];
const ops = createClientOps({
  host: createTestRouteHost(dataDir),
  env: { HOME: home, USER: 'tester' },
  platform: 'linux',
  processes: fakeProcesses(),
  keychain: memoryKeychain(),
  projectDirs: [],
});
try {
  await (op === 'route' ? ops.route(client) : ops.unroute(client));
  process.stdout.write(JSON.stringify({ ok: true }) + '\n');
} catch (err) {
  const e = err as { code?: string; message?: string };
  process.stdout.write(JSON.stringify({ code: e.code ?? 'unknown', message: e.message ?? String(err) }) + '\n');
}
