// The store-backed RouteHost: what the client adapters may ask of the companion.
import type { AdoptInput, BridgeLaunch, RouteHost } from '../clients/host.js';
import { CompanionError } from '../core/errors.js';
import type { Store } from '../store/index.js';
import type { SecretBox } from '../store/types.js';
import { localUrl } from './servers.js';

export interface RouteHostDeps {
  dataDir: string;
  store: Store;
  secretBox: SecretBox;
  port: number;
  bridgeCommand: (serverName: string, localUrl: string) => BridgeLaunch;
}

export function createRouteHost(deps: RouteHostDeps): RouteHost {
  const { store } = deps;
  return {
    dataDir: deps.dataDir,
    adoptServer(input: AdoptInput) {
      const client = input.oauthClient;
      // Events name the client_id only: a client secret never leaves the sealed store.
      const clientDetail = client ? { preRegisteredClient: client.clientId } : {};
      const existing = store.findServer(input.url, input.headers);
      if (existing) {
        if (client && existing.oauthClient?.clientId !== client.clientId) {
          store.setServerOAuthClient(existing.name, client);
          store.addEvent('server.client_set', existing.name, { from: client.source, ...clientDetail });
        }
        return { name: existing.name };
      }
      const name = uniqueName(store, input.suggestedName);
      store.addServer({
        name,
        url: input.url,
        transport: input.transport,
        headers: input.headers,
        oauthClient: client,
      });
      store.addEvent('server.added', name, { adoptedFrom: input.suggestedName, ...clientDetail });
      return { name };
    },
    localEndpoint: (name, kind) => localUrl(deps.port, name, kind === 'sse' ? 'sse' : 'streamable-http'),
    localToken: (clientId, serverName) => store.ensureLocalToken(clientId, [serverName]),
    revokeLocalToken: (clientId) => void store.revokeLocalToken(clientId),
    bridgeCommand: (name) => deps.bridgeCommand(name, localUrl(deps.port, name)),
    recordEvent: (type, detail) => store.addEvent(type, undefined, detail),
    seal: (plain) => deps.secretBox.seal(plain),
    open: (sealed) => deps.secretBox.open(sealed),
  };
}

function uniqueName(store: Store, suggested: string): string {
  const base =
    suggested
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 48) || 'server';
  for (let i = 1; i < 1000; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!store.getServer(name)) return name;
  }
  throw new CompanionError('conflict', `Too many servers named like "${base}".`);
}
