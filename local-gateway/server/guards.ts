// Loopback is not a trust boundary: pure checks applied to every request before routing.
// A web page can reach 127.0.0.1 (DNS rebinding, cross-origin fetches), and so can any local
// process, so the Host, the Origin and a per-client token are all checked.

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

const OK: GuardVerdict = { ok: true };

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/** DNS rebinding: a foreign name resolving to 127.0.0.1 still carries its own Host. */
export function checkHost(host: string | undefined, allowed: Set<string>): GuardVerdict {
  if (host !== undefined && allowed.has(host.toLowerCase())) return OK;
  return {
    ok: false,
    status: 403,
    message: `Forbidden: unexpected Host header "${(host ?? '').slice(0, 100)}". MCP Companion only answers requests addressed to 127.0.0.1 or localhost.`,
  };
}

/** Browsers send Origin on cross-origin and non-GET requests; only the dashboard's own is accepted. */
export function checkOrigin(origin: string | undefined, allowed: Set<string>): GuardVerdict {
  if (origin === undefined || allowed.has(origin.toLowerCase())) return OK;
  return { ok: false, status: 403, message: 'Forbidden: requests from web pages are not accepted.' };
}

export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization);
  return m?.[1];
}

export function checkLocalToken(
  authorization: string | undefined,
  verify: (raw: string) => string | undefined,
): { ok: true; client: string } | { ok: false; status: 401; message: string } {
  const raw = bearerToken(authorization);
  const client = raw === undefined ? undefined : verify(raw);
  if (client !== undefined) return { ok: true, client };
  return {
    ok: false,
    status: 401,
    message:
      raw === undefined
        ? 'Missing local token. Run `mcp-companion route <client>` or `mcp-companion connect <server>` to get the Authorization header for this client.'
        : 'Invalid or revoked local token. Run `mcp-companion route <client>` (or `connect`) again to get a current one.',
  };
}

/** A local token opens only the servers granted to its label (by `route` or `connect --as`). */
export function checkGrant(
  label: string,
  server: string,
  allows: (label: string, server: string) => boolean,
): GuardVerdict {
  if (allows(label, server)) return OK;
  return {
    ok: false,
    status: 403,
    message: `The local token of "${label}" was not issued for server "${server}". Grant it with \`mcp-companion connect ${server} --as ${label}\`, or, if "${label}" is a routed client, route its "${server}" entry: \`mcp-companion route ${label}\`.`,
  };
}
