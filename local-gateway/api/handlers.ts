// The one implementation of CompanionApi, over a Companion. The admin HTTP API and the
// Electron IPC both validate requests with the contract's schemas and then call these.
import os from 'node:os';
import type { Companion } from '../companion.js';
import { CompanionError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { connectInfo, serverStatuses } from '../services/servers.js';
import { answersAsCompanion } from '../services/admin-token.js';
import { checkGateway, checkServers } from '../services/doctor.js';
import { checkNetwork } from '../services/doctor-network.js';
import { runningOwner } from '../services/instance-lock.js';
import { holdTimeoutMs } from '../services/settings.js';
import type { CompanionApi, Settings } from './contract.js';
import { deriveHealth } from './health.js';
import { redact } from '../core/redact.js';
import { checkCaFile } from '../net/trust.js';

export interface HandlerHooks {
  /** Electron applies "start at login" to the OS; headless just stores the preference. */
  applyStartAtLogin?: (on: boolean) => void;
  /** Applies a new log level to the running logger. */
  applyLogLevel?: (level: Settings['logLevel']) => void;
}

export function createApiHandlers(c: Companion, hooks: HandlerHooks = {}): CompanionApi {
  const { store, oauth } = c;
  const statuses = () => serverStatuses(store, oauth, c.port);
  const server = (name: string) => {
    const s = store.getServer(name);
    if (!s) throw new CompanionError('not_found', `No upstream server named "${name}".`);
    return s;
  };
  const settings = (): Settings => ({
    port: c.port,
    holdTimeoutMs: holdTimeoutMs(store),
    startAtLogin: store.getSetting('start_at_login') === 'true',
    logLevel: (store.getSetting('log_level') as Settings['logLevel'] | undefined) ?? 'info',
    caFile: store.getSetting('ca_file') || null,
    network: c.outbound.summary(),
  });
  const api: CompanionApi = {
    'status.get': async () => {
      const servers = statuses();
      return { ...deriveHealth(servers), servers };
    },
    'servers.list': async () => statuses(),
    'servers.add': async ({ name, url, headers, transport, clientIdMetadataUrl }) => {
      store.addServer({ name, url, headers, transport, clientIdMetadataUrl });
      store.addEvent('server.added', name, {});
      c.invalidate();
      return statuses().find((s) => s.name.toLowerCase() === name.toLowerCase())!;
    },
    'servers.remove': async ({ name }) => {
      if (!store.removeServer(name)) throw new CompanionError('not_found', `No upstream server named "${name}".`);
      store.addEvent('server.removed', name, {});
      c.invalidate();
      return { ok: true };
    },
    'servers.login': async ({ name }) => {
      await oauth.login(server(name));
      return { ok: true };
    },
    'servers.logout': async ({ name, forgetRegistration }) => {
      oauth.logout(name, { forgetRegistration });
      return { ok: true };
    },
    'servers.reregister': async ({ name }) => {
      oauth.logout(name, { forgetRegistration: true });
      await oauth.login(server(name));
      return { ok: true };
    },
    'clients.list': ({ projectDir }) => c.clients.describe({ projectDir }),
    'clients.route': ({ client, servers, dryRun, projectDir }) =>
      c.clients.route(client, { servers, dryRun, projectDir }),
    'clients.unroute': ({ client, dryRun }) => c.clients.unroute(client, { dryRun }),
    'clients.reset': ({ client, servers, dryRun, projectDir }) =>
      c.clients.reset(client, { servers, dryRun, projectDir }),
    'clients.undoReset': ({ client }) => c.clients.undoReset(client),
    'events.list': async (q) =>
      store.listEvents({ limit: q.limit ?? 100, afterId: q.afterId, type: q.type, server: q.server }),
    'settings.get': async () => settings(),
    'settings.update': async (u) => {
      // Checked before anything is stored: a bad file changes nothing.
      if (u.caFile !== undefined) store.setSetting('ca_file', u.caFile === null ? '' : checkCaFile(u.caFile));
      if (u.holdTimeoutMs !== undefined) store.setSetting('hold_timeout_ms', String(u.holdTimeoutMs));
      if (u.logLevel !== undefined) {
        store.setSetting('log_level', u.logLevel);
        hooks.applyLogLevel?.(u.logLevel);
      }
      if (u.startAtLogin !== undefined) {
        store.setSetting('start_at_login', String(u.startAtLogin));
        hooks.applyStartAtLogin?.(u.startAtLogin);
      }
      // A new port takes effect at the next start (it is part of every redirect URI).
      if (u.port !== undefined) store.setSetting('port', String(u.port));
      return settings();
    },
    'diagnostics.get': async () => ({ text: redact(await diagnostics()) }),
    'servers.connect': async ({ name, label }) => {
      const info = connectInfo(store, c.port, name, label);
      store.addEvent('client.connected', name, { label });
      return info;
    },
    'doctor.run': async ({ projectDir }) => {
      const gateway = checkGateway({
        port: c.port,
        serving: c.serving,
        owner: () => runningOwner(c.dataDir),
        answersAsOurs: (port) => answersAsCompanion(port, c.adminToken),
      });
      const [clients, servers, port, network] = await Promise.all([
        c.clients.diagnose({ projectDir }),
        checkServers(store, c.outbound.fetch),
        gateway,
        checkNetwork(store, c.outbound),
      ]);
      return [...[...network, ...servers, ...port].map((f) => ({ ...f, client: 'companion' as const })), ...clients];
    },
  };

  async function diagnostics(): Promise<string> {
    const lines = [
      `MCP Companion ${VERSION} — diagnostics (secrets redacted)`,
      `platform: ${process.platform} ${os.release()} ${process.arch}, node ${process.version}`,
      `port: ${c.port}, hold timeout: ${holdTimeoutMs(store)} ms`,
      `proxy: ${c.outbound.summary().proxy}`,
      `trust: ${c.outbound.summary().trust.join('; ')}`,
      '',
      'servers:',
      ...statuses().map(
        (s) =>
          `  ${s.name}: ${s.auth}; upstream ${new URL(s.url).origin}${new URL(s.url).pathname}; client_id ${s.clientId ?? '-'}${s.lastError ? `; last error: ${s.lastError}` : ''}`,
      ),
      '',
      'clients:',
      ...(await c.clients.describe().catch(() => [])).map((d) => `  ${JSON.stringify(d).slice(0, 400)}`),
      '',
      'recent events:',
      ...store
        .listEvents({ limit: 40 })
        .filter((e) => e.type !== 'proxy.request')
        .map(
          (e) =>
            `  ${new Date(e.at).toISOString()} ${e.type}${e.server ? ` [${e.server}]` : ''} ${JSON.stringify(e.detail)}`,
        ),
    ];
    return lines.join('\n');
  }
  return api;
}
