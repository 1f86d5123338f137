// Every URL the OAuth client reaches on an upstream's word (protected-resource metadata, the
// authorization server, its endpoints) must be https, checked before any DNS lookup or
// connection: a plain-http AS would let anyone on the path read or forge codes and tokens.
// Plain http stays allowed on loopback, where development servers and tests live.
import { CompanionError } from '../core/errors.js';
import { isLoopbackHost } from '../net/proxy-env.js';

/** Throws a `discovery_failed` error naming `what` and the URL unless it is https (or loopback http). */
export function requireSecureOAuthUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CompanionError(
      'discovery_failed',
      `The ${what} ${JSON.stringify(raw.slice(0, 200))} is not a valid URL; refusing it.`,
    );
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new CompanionError(
    'discovery_failed',
    `The ${what} ${url.href} is not https; refusing to contact it (OAuth needs https; plain http is allowed only on loopback: 127.0.0.0/8, [::1], localhost).`,
  );
}
