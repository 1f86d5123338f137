// Composition root: opens the store, wires OAuth, proxy and HTTP server. Everything the app,
// the CLI and the tests do goes through one Companion.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Request, Router } from 'express';
import { boundedFetch } from './oauth/bounded-fetch.js';
import { createOutbound, type Outbound, type OsProxyResolver } from './net/outbound.js';
import { createOAuthClient, createBrowserOpener, type BrowserOpener, type OAuthClient } from './oauth/index.js';
import { createProxy, type Proxy, type UpstreamTarget } from './proxy/index.js';
import { createGatewayApp } from './server/app.js';
import { createGatewayServer, DEFAULT_CONNECTION_LIMITS } from './server/http-server.js';
import { ActivityRecorder } from './services/activity.js';
import { readOrCreateAdminToken } from './services/admin-token.js';
import { holdTimeoutMs, resolvePort } from './services/settings.js';
import { rerouteAll } from './services/port-change.js';
import { acquireInstanceLock, type InstanceLock } from './services/instance-lock.js';
import { createFileSecretBox, openStore, type Store } from './store/index.js';
import type { SecretBox } from './store/types.js';
import { DEFAULT_MAX_BODY_BYTES, VERSION } from './core/version.js';
import { createApiHandlers, type HandlerHooks } from './api/handlers.js';
import type { CompanionApi } from './api/contract.js';
import { adminTokenCheck, createAdminApi } from './server/admin-api.js';
import type { Logger } from 'pino';
import { createLogger, eventLogger } from './core/logger.js';
import { ServerDirectory } from './services/server-directory.js';
import { createRouteHost } from './services/route-host.js';
import { defaultBridgeCommand } from './core/paths.js';
import { createClientOps, type ClientOps, type Keychain, type ProcessLister } from './clients/index.js';
import type { BridgeLaunch } from './clients/host.js';

export interface CompanionOptions {
  dataDir: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  openBrowser?: BrowserOpener;
  /** Replaces the outbound fetch for OAuth calls (tests that count or fault requests). */
  fetchFn?: typeof fetch;
  /** The OS's proxy for a URL (the desktop app passes Electron's session.resolveProxy). */
  resolveProxy?: OsProxyResolver;
  secretBox?: SecretBox;
  maxBodyBytes?: number;
  /** How long a client may take to send its request headers (default 15 s). */
  headersTimeoutMs?: number;
  /** A connection with no request in flight, or whose request body stalls, is closed after this long without a byte (default 30 s). */
  idleTimeoutMs?: number;
  /** Concurrent connections accepted (default 512). */
  maxConnections?: number;
  now?: () => number;
  /** How routed stdio clients start the bridge (the packaged app runs it through Electron). */
  bridgeCommand?: (serverName: string, localUrl: string) => BridgeLaunch;
  /** Project folders whose project-scoped client configs are included. */
  projectDirs?: string[];
  processes?: ProcessLister;
  keychain?: Keychain;
  /** What `settings.update` applies beyond the store (the app: start at login); one set for every caller of `api`. */
  hooks?: HandlerHooks;
  /** Where activity is logged (serve: stderr at info); silent by default. */
  logger?: Logger;
  /** Widens who may call the admin API (the dashboard adds its session cookie to the token check). */
  isAdmin?: (tokenCheck: (req: Request) => boolean) => (req: Request) => boolean;
  /** Extra routers (the dashboard) mounted next to the admin API. */
  routers?: (
    c: Companion,
  ) => Promise<Array<{ path: string; router: Router }>> | Array<{ path: string; router: Router }>;
}

export interface Companion {
  readonly dataDir: string;
  readonly port: number;
  readonly store: Store;
  readonly oauth: OAuthClient;
  readonly proxy: Proxy;
  /** Every outbound connection: proxy routing and CA trust (net/outbound.ts). */
  readonly outbound: Outbound;
  readonly adminToken: string;
  readonly clients: ClientOps;
  /** The one CompanionApi of this companion: the admin API, the app's IPC and the CLI's in-process path all call it. */
  readonly api: CompanionApi;
  /** Drop in-memory caches after this process changed servers (other processes are seen via store.freshness). */
  invalidate(): void;
  /** True while this companion serves the gateway (between listen() and close()). */
  readonly serving: boolean;
  /**
   * Takes the data dir (one companion per data dir: throws `already_running` naming the one
   * that serves it), starts listening on 127.0.0.1:port, and only then remembers the port and,
   * after a port change, rewrites every routed config.
   */
  listen(): Promise<void>;
  close(): Promise<void>;
}

export function createCompanion(opts: CompanionOptions): Companion {
  const env = opts.env ?? process.env;
  const secretBox = opts.secretBox ?? createFileSecretBox(opts.dataDir);
  const log = opts.logger ?? createLogger('silent');
  // Other processes reach a running companion through its admin API (the CLI does), so their
  // direct store writes are rare; noticing them within 50 ms keeps PRAGMA off most requests.
  const store = openStore({
    dataDir: opts.dataDir,
    secretBox,
    now: opts.now,
    onEvent: eventLogger(log),
    freshnessMs: 50,
  });
  const port = resolvePort(store, opts.port);
  // The level chosen in Settings, unless the environment overrides it for this run.
  const savedLevel = store.getSetting('log_level');
  if (savedLevel && !env.MCP_COMPANION_LOG_LEVEL && opts.logger) log.level = savedLevel;
  const directory = new ServerDirectory(store);
  const outbound = createOutbound({
    env,
    caFile: () => store.getSetting('ca_file'),
    resolveProxy: opts.resolveProxy,
  });
  const oauth = createOAuthClient(
    {
      store,
      fetchFn: boundedFetch(opts.fetchFn ?? outbound.fetch),
      openBrowser: opts.openBrowser ?? createBrowserOpener(env, opts.platform),
      redirectUri: () => `http://127.0.0.1:${port}/oauth/callback`,
      now: opts.now ?? Date.now,
      version: VERSION,
      instanceId: `${process.pid}-${randomUUID()}`,
    },
    () => holdTimeoutMs(store),
    () => directory.invalidate(),
  );
  const activity = new ActivityRecorder(store);
  const proxy: Proxy = createProxy({
    tokens: oauth.broker,
    connections: outbound,
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    localBase: () => `http://127.0.0.1:${port}`,
    onEvent: activity.record,
  });
  const adminToken = readOrCreateAdminToken(opts.dataDir);
  const platform = opts.platform ?? process.platform;
  const clients = createClientOps({
    host: createRouteHost({
      dataDir: opts.dataDir,
      store,
      secretBox,
      port,
      bridgeCommand: opts.bridgeCommand ?? defaultBridgeCommand,
    }),
    env,
    platform,
    processes: opts.processes,
    keychain: opts.keychain,
    now: opts.now,
    projectDirs: opts.projectDirs,
  });
  let server: http.Server | undefined;
  let lock: InstanceLock | undefined;
  let api: CompanionApi | undefined;
  // A level chosen in Settings applies at once to the logger this companion was given (serve's);
  // without one there is nothing to apply it to, as at startup.
  const hooks: HandlerHooks = {
    ...(opts.logger && {
      applyLogLevel: (level) => {
        log.level = level;
      },
    }),
    ...opts.hooks,
  };

  const companion: Companion = {
    dataDir: opts.dataDir,
    port,
    store,
    oauth,
    proxy,
    outbound,
    adminToken,
    clients,
    get api() {
      return (api ??= createApiHandlers(companion, hooks));
    },
    get serving() {
      return server?.listening === true;
    },
    invalidate() {
      directory.invalidate();
    },
    async listen() {
      // Before anything is bound or written: a second companion on this data dir would move
      // the port of every routed config under the first one's feet.
      lock = await acquireInstanceLock(opts.dataDir);
      lock.announce(port);
      try {
        await bind();
      } catch (err) {
        server = undefined;
        lock.release();
        lock = undefined;
        throw err;
      }
      // Listening: now the port may be remembered, and configs routed at an old one follow it.
      if (store.getSetting('port') !== String(port)) store.setSetting('port', String(port));
      const served = Number(store.getSetting('served_port'));
      if (Number.isInteger(served) && served > 0 && served !== port)
        await rerouteAll(opts.dataDir, clients, store, served, port);
      store.setSetting('served_port', String(port));
    },
    async close() {
      activity.flush();
      proxy.close();
      outbound.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      store.close();
      lock?.release();
      lock = undefined;
    },
  };

  async function bind(): Promise<void> {
    const handler = createGatewayApp({
      port,
      findServer: (name): UpstreamTarget | undefined => directory.get(name),
      verifyLocalToken: (raw) => store.verifyLocalToken(raw),
      localTokenAllows: (label, server) => store.localTokenAllows(label, server),
      proxy,
      oauthCallback: (params) => oauth.callback(params),
      routers: async () => {
        const tokenCheck = adminTokenCheck(adminToken);
        return [
          {
            path: '/api',
            router: await createAdminApi({
              api: companion.api,
              port,
              isAuthorized: opts.isAdmin?.(tokenCheck) ?? tokenCheck,
            }),
          },
          ...((await opts.routers?.(companion)) ?? []),
        ];
      },
    });
    server = createGatewayServer(handler, {
      headersTimeoutMs: opts.headersTimeoutMs ?? DEFAULT_CONNECTION_LIMITS.headersTimeoutMs,
      idleTimeoutMs: opts.idleTimeoutMs ?? DEFAULT_CONNECTION_LIMITS.idleTimeoutMs,
      maxConnections: opts.maxConnections ?? DEFAULT_CONNECTION_LIMITS.maxConnections,
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
  }
  return companion;
}
