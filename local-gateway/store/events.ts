// The activity log shown in the dashboard and `doctor`. Bounded: only the newest 5000 rows
// are kept. Detail values under secret-looking keys are redacted as a last line of defence.
import type { StoreContext } from './context.js';
import type { CompanionEvent } from './types.js';

export const MAX_EVENTS = 5000;
const DEFAULT_LIST_LIMIT = 100;
// Matches e.g. accessToken, refresh_token, clientSecret, password, apiKey, Authorization;
// not tokenType, authorizationEndpoint or hasRefreshToken (non-string values are kept).
const SECRET_KEY =
  /(access|refresh|id|bearer|local)[-_]?token|secret|password|cookie|api[-_]?key|^authorization$|^token$/i;

export interface ListEventsOptions {
  limit?: number;
  afterId?: number;
  type?: string;
  server?: string;
}

interface EventRow {
  id: number;
  at: number;
  type: string;
  server: string | null;
  detail: string;
}

interface EventFilter {
  afterId: number | null;
  type: string | null;
  server: string | null;
  limit: number;
}

export function createEvents({ db, now, onEvent }: StoreContext) {
  const insert = db.prepare<[number, string, string | null, string]>(
    'INSERT INTO events (at, type, server, detail) VALUES (?, ?, ?, ?)',
  );
  // AUTOINCREMENT ids only grow, so "id <= newest - MAX" drops exactly the overflow.
  const prune = db.prepare<[number]>('DELETE FROM events WHERE id <= ?');
  const list = db.prepare<[EventFilter], EventRow>(`
    SELECT * FROM events
    WHERE (@afterId IS NULL OR id > @afterId)
      AND (@type IS NULL OR type = @type)
      AND (@server IS NULL OR server = @server)
    ORDER BY id DESC LIMIT @limit`);
  const add = db.transaction((type: string, server: string | null, detail: string) => {
    const id = Number(insert.run(now(), type, server, detail).lastInsertRowid);
    if (id > MAX_EVENTS) prune.run(id - MAX_EVENTS);
  });
  // Many rows, one transaction, one prune: how the activity recorder writes proxied requests.
  const addMany = db.transaction((rows: Array<[string, string | null, string]>) => {
    let id = 0;
    const at = now();
    for (const [type, server, detail] of rows) id = Number(insert.run(at, type, server, detail).lastInsertRowid);
    if (id > MAX_EVENTS) prune.run(id - MAX_EVENTS);
  });

  return {
    addEvent(type: string, server: string | undefined, detail: Record<string, unknown> = {}): void {
      const safe = redact(detail);
      add(type, server ?? null, JSON.stringify(safe));
      onEvent?.(type, server, safe);
    },
    /** `trusted`: details built by the companion from non-secret fields (proxied requests), not redacted again. */
    addEvents(
      events: Array<{ type: string; server?: string; detail: Record<string, unknown> }>,
      trusted = false,
    ): void {
      const safe = trusted ? events : events.map((e) => ({ ...e, detail: redact(e.detail) }));
      addMany(safe.map((e) => [e.type, e.server ?? null, JSON.stringify(e.detail)]));
      if (onEvent) for (const e of safe) onEvent(e.type, e.server, e.detail);
    },
    /** Newest first. */
    listEvents(opts: ListEventsOptions = {}): CompanionEvent[] {
      const limit = Math.min(Math.max(Math.trunc(opts.limit ?? DEFAULT_LIST_LIMIT), 0), MAX_EVENTS);
      return list
        .all({ afterId: opts.afterId ?? null, type: opts.type ?? null, server: opts.server ?? null, limit })
        .map((row) => ({
          id: row.id,
          at: row.at,
          type: row.type,
          ...(row.server !== null && { server: row.server }),
          detail: JSON.parse(row.detail) as Record<string, unknown>,
        }));
    },
  };
}

function redact(value: unknown, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && typeof v === 'string') out[key] = '[redacted]';
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && depth < 4) out[key] = redact(v, depth + 1);
    else out[key] = v;
  }
  return out;
}
