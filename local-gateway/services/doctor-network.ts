// `doctor`'s network checks: the proxy and CAs in effect, and one connection to each upstream
// through them (the OAuth servers' authorization servers are reached by the discovery check,
// which uses the same outbound fetch). Any HTTP answer proves the route and, for https, the TLS
// verification; the answer itself is not read.
import { errorMessage, isCompanionError } from '../core/errors.js';
import type { Outbound } from '../net/outbound.js';
import type { Store } from '../store/index.js';
import type { ServerFinding } from './doctor.js';

const CHECK_TIMEOUT_MS = 8000;

export async function checkNetwork(store: Store, outbound: Outbound): Promise<ServerFinding[]> {
  // With no upstream, nothing goes out: nothing to report.
  const servers = store.listServers();
  if (servers.length === 0) return [];
  const summary = outbound.summary();
  const findings: ServerFinding[] = [
    {
      severity: 'info',
      problem: `Outbound connections: proxy ${summary.proxy}; trusted CAs: ${summary.trust.join(', ')}.`,
      fix: 'Nothing to do.',
    },
  ];
  try {
    outbound.trust();
  } catch (err) {
    findings.push({
      severity: 'error',
      problem: `The caFile setting is unusable: ${errorMessage(err)}`,
      fix: 'Point it at the PEM file of your CA: `mcp-companion settings set caFile /path/to/ca.pem` (or `mcp-companion settings unset caFile`).',
    });
    return findings;
  }
  await Promise.all(
    servers.map(async (s) => {
      const url = new URL(s.url);
      const route = await outbound.route(url);
      try {
        const res = await outbound.fetch(url, {
          method: 'GET',
          redirect: 'manual',
          signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
        });
        await res.body?.cancel();
        findings.push({
          severity: 'info',
          server: s.name,
          problem: `${s.name}: ${url.host} answered (HTTP ${res.status}) through ${route.shown}${url.protocol === 'https:' ? ', TLS verified' : ''}.`,
          fix: 'Nothing to do.',
        });
      } catch (err) {
        findings.push({
          severity: 'error',
          server: s.name,
          problem: `${s.name}: ${errorMessage(err)}`,
          fix: fixFor(err, route.proxy !== undefined),
        });
      }
    }),
  );
  return findings;
}

function fixFor(err: unknown, proxied: boolean): string {
  const details = isCompanionError(err) ? err.details : {};
  if (details.issuer)
    return "Trust the CA that issued the server's certificate: `mcp-companion settings set caFile /path/to/ca.pem` (or NODE_EXTRA_CA_CERTS), then retry.";
  if (details.proxy || proxied)
    return 'Fix the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY in the environment of `serve`, or the OS proxy settings for the app), then restart the companion.';
  return 'Check the server URL (`mcp-companion server list`) and your network; behind a proxy, set HTTPS_PROXY in the environment of `serve`.';
}
