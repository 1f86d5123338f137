import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompanionEvent } from '../../../local-gateway/api/contract.js';
import { useApi } from '../api/context.js';
import { plainError } from '../api/errors.js';
import { EmptyState } from '../components/EmptyState.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { EventFilters, type Filter } from '../components/EventFilters.js';
import { EventTable } from '../components/EventTable.js';
import { Spinner } from '../components/Spinner.js';
import { useInterval } from '../hooks/useInterval.js';
import { useLoad } from '../hooks/useLoad.js';

const KEEP = 500;

export function ActivityView() {
  const api = useApi();
  const [filter, setFilter] = useState<Filter>({ type: '', server: '' });
  const [live, setLive] = useState(true);
  const [events, setEvents] = useState<CompanionEvent[]>();
  const [error, setError] = useState<string>();
  const servers = useLoad(() => api['servers.list']({}));
  // The newest id seen for the current filter: polls ask only for what came after it.
  const lastId = useRef(0);
  const current = useRef(filter);
  current.current = filter;
  const query = useCallback(
    (f: Filter) => ({ ...(f.type ? { type: f.type } : {}), ...(f.server ? { server: f.server } : {}) }),
    [],
  );

  useEffect(() => {
    let stale = false;
    setEvents(undefined);
    api['events.list']({ limit: 200, ...query(filter) })
      .then((list) => {
        if (stale) return;
        lastId.current = list[0]?.id ?? 0;
        setEvents(list);
        setError(undefined);
      })
      .catch((err: unknown) => !stale && setError(plainError(err)));
    return () => {
      stale = true;
    };
  }, [api, filter, query]);

  useInterval(
    () => {
      if (events === undefined) return;
      const f = filter;
      api['events.list']({ limit: 200, afterId: lastId.current, ...query(f) })
        .then((fresh) => {
          if (fresh.length === 0 || f !== current.current) return;
          lastId.current = Math.max(lastId.current, fresh[0]!.id);
          setEvents((old) => [...fresh, ...(old ?? [])].slice(0, KEEP));
          setError(undefined);
        })
        .catch((err: unknown) => setError(plainError(err)));
    },
    2000,
    live,
  );

  const serverNames = (servers.data ?? []).map((s) => s.name);
  return (
    <section aria-labelledby="view-title">
      <div className="view-head">
        <h2 id="view-title">Activity</h2>
      </div>
      <p className="muted">Sign-ins, registrations, refreshes and proxied requests. Secrets are never recorded.</p>
      <EventFilters filter={filter} servers={serverNames} live={live} onChange={setFilter} onLive={setLive} />
      <ErrorNote message={error} />
      {events === undefined && !error && <Spinner label="Loading activity…" />}
      {events?.length === 0 && (
        <EmptyState title={filter.type || filter.server ? 'Nothing matches this filter' : 'No activity yet'}>
          {filter.type || filter.server
            ? 'Choose “All types” and “All servers” to see everything.'
            : 'Events appear here as soon as a client calls a server or you sign in.'}
        </EmptyState>
      )}
      {events && events.length > 0 && <EventTable events={events} />}
    </section>
  );
}
