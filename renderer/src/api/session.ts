// The sign-in link's `#code=` becomes this tab's dashboard session (http-api.ts sends it).
import { SESSION_KEY } from './http-api.js';

/**
 * Trades the code for a session (once: the code is then spent) and takes it out of the address
 * bar. Without a code, an earlier session of this tab carries on.
 */
export async function startSession(w: Window = window): Promise<void> {
  const code = new URLSearchParams(w.location.hash.slice(1)).get('code');
  if (!code) return;
  w.history.replaceState(null, '', w.location.pathname + w.location.search);
  const res = await fetch('/dashboard/session', {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ code }),
  }).catch(() => undefined);
  const body = res?.ok ? ((await res.json()) as { session?: string }) : {};
  if (body.session) w.sessionStorage.setItem(SESSION_KEY, body.session);
}
