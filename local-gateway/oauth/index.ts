// The OAuth side of the companion, assembled: discovery cache, login coordinator, token broker.
import { CompanionError } from '../core/errors.js';
import { hasOwnAuthorization } from '../core/own-authorization.js';
import type { UpstreamServer } from '../store/types.js';
import { handleOAuthCallback, type CallbackResult } from './callback.js';
import { DiscoveryCache, type OAuthDeps } from './context.js';
import { LoginCoordinator } from './login.js';
import { TokenBroker } from './broker.js';
import { canonicalResource } from './resource.js';

export type { OAuthDeps } from './context.js';
export { createBrowserOpener, type BrowserOpener } from './browser.js';

export interface OAuthClient {
  broker: TokenBroker;
  logins: LoginCoordinator;
  /** A user-initiated sign-in: replaces a browser leg that is still pending. */
  login(server: UpstreamServer): Promise<void>;
  logout(serverName: string, opts?: { forgetRegistration?: boolean }): void;
  callback(params: URLSearchParams): Promise<CallbackResult>;
}

export function createOAuthClient(
  deps: OAuthDeps,
  holdTimeoutMs: () => number,
  onLearned?: (serverName: string) => void,
): OAuthClient {
  const discovery = new DiscoveryCache(deps);
  const logins = new LoginCoordinator(deps, discovery);
  const broker = new TokenBroker(deps, discovery, logins, holdTimeoutMs, onLearned);
  const restart = (name: string) => {
    const server = deps.store.getServer(name);
    // Restart only when still needed: a used state after a successful login needs nothing.
    if (server && !broker.current(name)) void logins.login(server).catch(() => undefined);
  };
  return {
    broker,
    logins,
    login(server) {
      if (hasOwnAuthorization(server.headers)) {
        throw new CompanionError(
          'bad_input',
          `"${server.name}" uses the Authorization header configured for it; the companion does not replace it with a sign-in. To sign in with OAuth instead, remove that header: \`mcp-companion server remove ${server.name}\`, then \`mcp-companion server add ${server.name} <url>\`.`,
        );
      }
      return logins.restart(server);
    },
    logout(serverName, opts = {}) {
      const tokens = deps.store.getTokens(serverName);
      const server = deps.store.getServer(serverName);
      if (!server)
        throw new CompanionError(
          'not_found',
          `No upstream server named "${serverName}". See \`mcp-companion server list\`.`,
        );
      deps.store.deleteTokens(serverName);
      broker.forget(serverName);
      if (opts.forgetRegistration) {
        const resource = canonicalResource(server.url);
        for (const reg of deps.store.listRegistrations()) {
          if (reg.id === tokens?.registrationId || reg.resource === resource) deps.store.deleteRegistration(reg.id);
        }
      }
      discovery.forget(serverName);
      deps.store.addEvent('logout', serverName, { forgetRegistration: Boolean(opts.forgetRegistration) });
    },
    callback: (params) => handleOAuthCallback(logins, params, restart),
  };
}
