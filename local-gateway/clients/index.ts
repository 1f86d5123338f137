// The facade the CLI, admin API and app use: createClientOps(deps) → describe, route, unroute,
// reset, undoReset, diagnose. All results are JSON-able; ./format.ts prints them for humans.

import { describeClient } from './describe.js';
import { diagnoseClient } from './diagnose.js';
import type { RouteHost } from './host.js';
import { homeDir } from './platform-paths.js';
import { getAdapter, listAdapters } from './registry.js';
import { resetClient, undoReset } from './reset.js';
import { routeClient, unrouteClient } from './routing.js';
import {
  memoryKeychain,
  securityCliKeychain,
  systemProcessLister,
  type Keychain,
  type ProcessLister,
} from './system.js';
import type {
  ClientContext,
  ClientDescription,
  ClientId,
  EngineDeps,
  Finding,
  ProjectScope,
  ResetResult,
  RouteOptions,
  RouteResult,
  UndoResetResult,
  UnrouteResult,
} from './types.js';

export type * from './types.js';
export type { RouteHost } from './host.js';
export type { Keychain, ProcessLister } from './system.js';
export { getAdapter, listAdapters } from './registry.js';

export interface ClientOpsDeps {
  host: RouteHost;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  processes?: ProcessLister;
  keychain?: Keychain;
  now?: () => number;
  /** Project folders whose project-scoped configs are included (e.g. the CLI's cwd). */
  projectDirs?: string[];
}

export interface ClientOps {
  describe(scope?: ProjectScope): Promise<ClientDescription[]>;
  route(client: ClientId, opts?: RouteOptions): Promise<RouteResult>;
  unroute(client: ClientId, opts?: { dryRun?: boolean }): Promise<UnrouteResult>;
  reset(client: ClientId, opts?: { servers?: string[]; dryRun?: boolean } & ProjectScope): Promise<ResetResult>;
  undoReset(client: ClientId): Promise<UndoResetResult>;
  diagnose(scope?: ProjectScope): Promise<Finding[]>;
}

export function createClientOps(deps: ClientOpsDeps): ClientOps {
  const ctx: ClientContext = {
    env: deps.env,
    platform: deps.platform,
    home: homeDir(deps.env, deps.platform),
    projectDirs: deps.projectDirs ?? [],
    processes: deps.processes ?? systemProcessLister(deps.platform),
    // Only macOS has a keychain the adapters use; elsewhere an empty one keeps code paths uniform.
    keychain: deps.keychain ?? (deps.platform === 'darwin' ? securityCliKeychain() : memoryKeychain()),
    now: deps.now ?? Date.now,
  };
  const engine: EngineDeps = { ctx, host: deps.host };
  // Unrouting and undo work from their records (absolute file paths), so they need no scope.
  const scoped = ({ projectDir }: ProjectScope = {}): EngineDeps =>
    projectDir === undefined
      ? engine
      : { ...engine, ctx: { ...ctx, projectDirs: [...new Set([projectDir, ...ctx.projectDirs])] } };
  return {
    describe: (scope) => Promise.all(listAdapters().map((a) => describeClient(a, scoped(scope)))),
    route: (client, opts = {}) => routeClient(getAdapter(client), scoped(opts), opts),
    unroute: (client, opts = {}) => unrouteClient(getAdapter(client), engine, opts),
    reset: (client, opts = {}) => resetClient(getAdapter(client), scoped(opts), opts),
    undoReset: (client) => undoReset(getAdapter(client), engine),
    diagnose: async (scope) => (await Promise.all(listAdapters().map((a) => diagnoseClient(a, scoped(scope))))).flat(),
  };
}
