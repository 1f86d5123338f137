// Before a user is sent to the browser with a stored client_id, make sure the AS still knows
// it: the browser is the only party that would see an /authorize rejection (RFC 6749 §4.1.2.1),
// which is exactly how the v0.148 upgrade strands IDEs.
import { startAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import type { Registration } from '../store/types.js';
import type { AuthContext } from './discovery.js';
import { clientInformation } from './registration.js';

export type Liveness = 'alive' | 'stale' | 'unknown';

export async function checkRegistrationAlive(
  reg: Registration,
  ctx: AuthContext,
  fetchFn: typeof fetch,
): Promise<Liveness> {
  try {
    if (reg.registrationClientUri && reg.registrationAccessToken) {
      const res = await fetchFn(reg.registrationClientUri, {
        headers: { authorization: `Bearer ${reg.registrationAccessToken}`, accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) {
        // RFC 7592 §2.1: the read returns the client's current metadata. A client that no longer
        // lists our redirect URI is as unusable as a deleted one: /authorize would refuse it.
        const info = (await res.json().catch(() => undefined)) as { redirect_uris?: unknown } | undefined;
        return Array.isArray(info?.redirect_uris) && !info.redirect_uris.includes(reg.redirectUri) ? 'stale' : 'alive';
      }
      await res.body?.cancel();
      if (res.status === 401 || res.status === 403 || res.status === 404) return 'stale';
      // fall through to the authorize probe
    }
    return (await probeAuthorize(reg, ctx, fetchFn)).verdict;
  } catch {
    return 'unknown';
  }
}

/**
 * A no-redirect GET of the authorize URL this client would send the browser to. 'stale' when the
 * AS answers it directly with a client or redirect complaint (`detail`: the start of its answer).
 */
export async function probeAuthorize(
  reg: Registration,
  ctx: AuthContext,
  fetchFn: typeof fetch,
  redirectUri = reg.redirectUri,
): Promise<{ verdict: Liveness; detail?: string }> {
  // A throwaway state and verifier: the probe is never completed, so nothing can be replayed.
  const { authorizationUrl } = await startAuthorization(ctx.issuer, {
    metadata: ctx.metadata,
    clientInformation: clientInformation(reg),
    redirectUrl: redirectUri,
    scope: ctx.scope,
    state: `probe-${crypto.randomUUID()}`,
    resource: ctx.resource,
  });
  const res = await fetchFn(authorizationUrl, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  if (res.status < 400) {
    await res.body?.cancel();
    return { verdict: 'alive' };
  }
  if (res.status >= 500) {
    await res.body?.cancel();
    return { verdict: 'unknown' };
  }
  const body = (await res.text()).slice(0, 4096);
  return /client|redirect/i.test(body) ? { verdict: 'stale', detail: describeRefusal(body) } : { verdict: 'unknown' };
}

/** The AS's own words, from a JSON error or a page: one line, no markup, bounded. */
function describeRefusal(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const parts = [json.error, json.error_description, json.message].filter((v) => typeof v === 'string');
    if (parts.length) return parts.join(': ').slice(0, 300);
  } catch {
    // a page, not JSON
  }
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}
