// Times and states in words people use.

export function ago(at: number | string | undefined, now = Date.now()): string {
  if (at === undefined) return 'unknown';
  const ms = now - (typeof at === 'string' ? Date.parse(at) : at);
  if (!Number.isFinite(ms)) return 'unknown';
  return `${span(Math.max(ms, 0))} ago`;
}

export function until(at: number | undefined, now = Date.now()): string {
  if (at === undefined) return 'no expiry given';
  const ms = at - now;
  return ms <= 0 ? `expired ${span(-ms)} ago` : `in ${span(ms)}`;
}

export function ageDays(days: number | undefined): string {
  if (days === undefined) return 'unknown age';
  if (days < 1) return 'less than a day old';
  return `${Math.round(days)} day${Math.round(days) === 1 ? '' : 's'} old`;
}

function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}

export function clock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

const AUTH_LABEL: Record<string, string> = {
  signed_in: 'Signed in',
  expired: 'Sign-in expired',
  signing_in: 'Signing in…',
  signed_out: 'Not signed in',
};

export function authLabel(auth: string): string {
  return AUTH_LABEL[auth] ?? auth;
}

/** The last OAuth error of a server, as something to do about it. */
export function plainLastError(raw: string): string {
  const e = raw.toLowerCase();
  if (/invalid_client|unauthorized_client|client.*(not found|unknown|revoked)/.test(e))
    return `The server no longer accepts this app's registration. Click "Re-register". (${raw})`;
  if (/access_denied/.test(e))
    return `Sign-in was cancelled or denied in the browser. Click "Log in" to try again. (${raw})`;
  if (/invalid_grant|expired/.test(e)) return `The sign-in expired before it finished. Click "Log in" again. (${raw})`;
  if (/timeout|timed out/.test(e))
    return `The sign-in page was not completed in time. Click "Log in" and finish it in your browser. (${raw})`;
  if (/fetch failed|econnrefused|enotfound|unreachable/.test(e))
    return `The server could not be reached. Check the URL and your network. (${raw})`;
  return raw;
}
