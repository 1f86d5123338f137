// A fresh home whose `~/.codex/config.toml` holds the given text, with client operations over a
// test route host: the set-up of the Codex layout tests.
import fs from 'node:fs';
import path from 'node:path';
import { createClientOps, type ClientOps } from '../../local-gateway/clients/index.js';
import { memoryKeychain } from '../../local-gateway/clients/system.js';
import { fakeProcesses, makeHome, type TempHome } from './client-homes.js';
import { createTestRouteHost } from './route-host.js';

export function codexHome(content: string): { home: TempHome; ops: ClientOps; file: string } {
  const home = makeHome();
  const ops = createClientOps({ host: createTestRouteHost(home.dataDir), env: home.env, platform: 'linux', processes: fakeProcesses(), keychain: memoryKeychain() });
  const file = path.join(home.home, '.codex', 'config.toml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return { home, ops, file };
}
