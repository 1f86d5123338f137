// A small real RouteHost for client-adapter tests: servers and local tokens kept in memory,
// secrets sealed with AES-256-GCM under a per-host random key. Tokens are derived from the
// client id and a generation counter so golden files are stable.

import crypto from 'node:crypto';
import type { AdoptInput, RouteHost } from '../../local-gateway/clients/host.js';
import { sameHeaders } from '../../local-gateway/store/servers.js';

export interface TestRouteHost extends RouteHost {
  readonly servers: Map<string, AdoptInput & { name: string }>;
  readonly events: Array<{ type: string; detail: Record<string, unknown> }>;
  readonly revoked: string[];
  /** Servers granted to each client's token (what `localToken` was asked for). */
  readonly grants: Map<string, Set<string>>;
}

export function createTestRouteHost(dataDir: string, opts: { port?: number; bridge?: string } = {}): TestRouteHost {
  const port = opts.port ?? 47615;
  const bridge = opts.bridge ?? '/opt/mcp-companion/bin/mcp-companion';
  const key = crypto.randomBytes(32);
  const servers = new Map<string, AdoptInput & { name: string }>();
  const tokens = new Map<string, string>();
  const generation = new Map<string, number>();
  const events: TestRouteHost['events'] = [];
  const revoked: string[] = [];
  const grants = new Map<string, Set<string>>();
  return {
    dataDir,
    servers,
    events,
    revoked,
    grants,
    adoptServer(input) {
      for (const s of servers.values())
        if (s.url === input.url && sameHeaders(s.headers, input.headers)) return { name: s.name };
      const base =
        input.suggestedName
          .toLowerCase()
          .replace(/[^a-z0-9._-]+/g, '-')
          .replace(/^-+|-+$/g, '') || 'server';
      let name = base;
      for (let n = 2; servers.has(name); n++) name = `${base}-${n}`;
      servers.set(name, { ...input, name });
      return { name };
    },
    localEndpoint(serverName, kind) {
      return `http://127.0.0.1:${port}/servers/${encodeURIComponent(serverName)}/${kind}`;
    },
    localToken(clientId, serverName) {
      grants.set(clientId, new Set([...(grants.get(clientId) ?? []), serverName]));
      let t = tokens.get(clientId);
      if (!t) {
        const gen = (generation.get(clientId) ?? 0) + 1;
        generation.set(clientId, gen);
        t = `mcl_${crypto.createHash('sha256').update(`${clientId}#${gen}`).digest('hex').slice(0, 32)}`;
        tokens.set(clientId, t);
      }
      return t;
    },
    revokeLocalToken(clientId) {
      tokens.delete(clientId);
      grants.delete(clientId);
      revoked.push(clientId);
    },
    bridgeCommand(serverName) {
      return { command: bridge, args: ['bridge', serverName] };
    },
    recordEvent(type, detail) {
      events.push({ type, detail });
    },
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `gcm1:${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`;
    },
    open(sealed) {
      const buf = Buffer.from(sealed.replace(/^gcm1:/, ''), 'base64');
      const d = crypto.createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
