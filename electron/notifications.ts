// Native notifications for the two moments a user should know about: a login needs them in the
// browser, and a registration was renewed after the server dropped the old one. The store's
// event log is the source (it also sees logins started by the CLI or a routed IDE request).
import { Notification } from 'electron';
import type { CompanionEvent } from '../local-gateway/store/types.js';

export interface Notice {
  kind: 'login' | 'reregistered';
  title: string;
  body: string;
  server?: string;
}

/**
 * Notices for new events (oldest first). `pending` remembers dropped/stale registrations across
 * calls (keyed by issuer and by server) so a later `registration.created` reads as a renewal.
 */
export function noticesFor(events: CompanionEvent[], pending: Set<string>): Notice[] {
  const out: Notice[] = [];
  for (const e of events) {
    const issuer = typeof e.detail.issuer === 'string' ? `issuer:${e.detail.issuer}` : undefined;
    const server = e.server ? `server:${e.server}` : undefined;
    if (e.type === 'login.started' && e.server) {
      out.push({
        kind: 'login',
        server: e.server,
        title: `Sign in to ${e.server}`,
        body: 'Your browser is open at the sign-in page. Finish there; requests wait meanwhile.',
      });
    } else if (e.type === 'registration.dropped' || e.type === 'registration.stale') {
      if (issuer) pending.add(issuer);
      if (server) pending.add(server);
    } else if (
      e.type === 'registration.created' &&
      ((issuer && pending.has(issuer)) || (server && pending.has(server)))
    ) {
      if (issuer) pending.delete(issuer);
      if (server) pending.delete(server);
      const name = e.server ?? 'a server';
      out.push({
        kind: 'reregistered',
        server: e.server,
        title: `Re-registered with ${name}`,
        body: 'The server no longer accepted the old registration, so MCP Companion registered again. Nothing to do in your IDE.',
      });
    }
  }
  return out;
}

export interface EventWatcher {
  /** Reads new events now (also runs on a timer). */
  poll(): void;
  stop(): void;
}

export interface WatchDeps {
  listEvents(opts: { afterId?: number; limit: number }): CompanionEvent[];
  notify(notice: Notice): void;
  /** Called when any new event arrived (the tray refreshes its state). */
  onEvents?(): void;
  intervalMs?: number;
}

/** Starts after the newest existing event: history is never replayed as notifications. */
export function watchEvents(deps: WatchDeps): EventWatcher {
  let afterId = deps.listEvents({ limit: 1 })[0]?.id ?? 0;
  const pending = new Set<string>();
  const poll = () => {
    const fresh = deps.listEvents({ afterId, limit: 500 }).reverse();
    if (fresh.length === 0) return;
    afterId = fresh[fresh.length - 1]!.id;
    for (const notice of noticesFor(fresh, pending)) deps.notify(notice);
    deps.onEvents?.();
  };
  const timer = setInterval(poll, deps.intervalMs ?? 2000);
  timer.unref();
  return { poll, stop: () => clearInterval(timer) };
}

/** Shows a notice natively (when the OS supports it); a click runs `onClick` (open the dashboard). */
export function showNotice(notice: Pick<Notice, 'title' | 'body'>, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: notice.title, body: notice.body });
  if (onClick) n.on('click', onClick);
  n.show();
}
