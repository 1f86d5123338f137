// A fixture home with client operations over a test route host, removed after each test: the
// set-up most client-engine tests share.
import path from 'node:path';
import { afterEach } from 'vitest';
import { createClientOps, type ClientOps } from '../../local-gateway/clients/index.js';
import { memoryKeychain } from '../../local-gateway/clients/system.js';
import { fakeProcesses, makeHome, type TempHome } from './client-homes.js';
import { createTestRouteHost, type TestRouteHost } from './route-host.js';

export interface OpsHome {
  h: TempHome;
  host: TestRouteHost;
  ops: ClientOps;
  /** The home's `~/.cursor/mcp.json`. */
  cfg: string;
}

export interface OpsHomeOptions {
  /** Fixture under test/fixtures/homes (default `linux`); null for an empty home. */
  fixture?: string | null;
  /** Project folders, relative to the home. */
  projects?: string[];
  now?: () => number;
}

/** Call at the top of a test file: the returned `setup()` makes a home that goes after the test. */
export function opsHomes(defaults: OpsHomeOptions = {}): (opts?: OpsHomeOptions) => OpsHome {
  const made: TempHome[] = [];
  afterEach(() => {
    for (const h of made.splice(0)) h.cleanup();
  });
  return (opts = {}) => {
    const o = { ...defaults, ...opts };
    const h = makeHome(o.fixture === null ? undefined : (o.fixture ?? 'linux'));
    made.push(h);
    const host = createTestRouteHost(h.dataDir);
    const ops = createClientOps({
      host,
      env: h.env,
      platform: 'linux',
      processes: fakeProcesses(),
      keychain: memoryKeychain(),
      projectDirs: (o.projects ?? []).map((p) => path.join(h.home, p)),
      ...(o.now ? { now: o.now } : {}),
    });
    return { h, host, ops, cfg: path.join(h.home, '.cursor/mcp.json') };
  };
}
