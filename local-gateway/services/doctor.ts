// Companion-side checks for `doctor`: each upstream's auth as learned (a refused credential; for
// OAuth servers, discovery: a V1-looking gateway has no protected-resource metadata or no
// registration endpoint) and the local port.
import net from 'node:net';
import { errorMessage } from '../core/errors.js';
import { discoverAuthContext } from '../oauth/discovery.js';
import type { Store } from '../store/index.js';

export interface ServerFinding {
  severity: 'error' | 'warning' | 'info';
  server?: string;
  problem: string;
  fix: string;
}

/**
 * Per upstream, by what its answers showed: a refused credential is an error with the fix; only
 * an OAuth server gets the discovery check (a V1-looking gateway is only news for a server that
 * asked for OAuth); public and API-key servers are listed with their auth kind.
 */
export async function checkServers(store: Store, fetchFn: typeof fetch = fetch): Promise<ServerFinding[]> {
  const findings: ServerFinding[] = [];
  await Promise.all(store.listServers().map(async (s) => {
    if (s.authProblem) {
      findings.push({ severity: 'error', server: s.name, problem: s.authProblem, fix: `Renew the credential, then retry: \`mcp-companion server remove ${s.name}\` and \`mcp-companion server add ${s.name} <url> --header '<Name>: <value>'\`.` });
      return;
    }
    if (s.auth !== 'oauth') {
      findings.push({ severity: 'info', server: s.name, problem: `${s.name}: ${AUTH_KIND_WORDS[s.auth]}`, fix: 'Nothing to do.' });
      return;
    }
    try {
      const timed: typeof fetch = (input, init) => fetchFn(input, { ...init, signal: AbortSignal.timeout(8000) });
      await discoverAuthContext(s.url, undefined, timed);
    } catch (err) {
      const msg = errorMessage(err);
      findings.push({
        severity: 'error',
        server: s.name,
        problem: `${s.name}: ${msg}`,
        fix: /V1|Registration/.test(msg)
          ? 'Switch the gateway to the V2 OAuth flow (default from gateway v0.148.2), then run `mcp-companion login ' + s.name + '`.'
          : `Check the URL (\`mcp-companion server list\`) and your network, then run \`mcp-companion login ${s.name}\`.`,
      });
    }
  }));
  return findings;
}

const AUTH_KIND_WORDS = {
  unknown: 'auth not known yet: it is learned from the first request the server answers',
  none: 'a public server (no auth); proxied with no OAuth',
  headers: 'authenticates with the headers you configured (API key or token); proxied with no OAuth',
} as const;

/** Is the port free, or held by something answering as this data dir's companion? */
export async function checkPort(port: number, isOurs: () => Promise<boolean>): Promise<ServerFinding[]> {
  const free = await new Promise<boolean>((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
  if (free || (await isOurs())) return [];
  return [{
    severity: 'error',
    problem: `Port ${port} (the companion's, part of every routed config and redirect URI) is taken by another program.`,
    fix: `Stop that program, or move the companion with \`mcp-companion serve --port <n>\` and re-run \`mcp-companion route <client>\` for each routed client.`,
  }];
}
