import { useId, useState } from 'react';
import type { ClientDescription, ClientId, RouteResult, UnrouteResult } from '../../../local-gateway/clients/types.js';
import { useApi } from '../api/context.js';
import { plainError } from '../api/errors.js';
import { BusyButton } from '../components/BusyButton.js';
import { ChangeOutcome } from '../components/ChangeOutcome.js';
import { ClientCard } from '../components/ClientCard.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { EmptyState } from '../components/EmptyState.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ResetOutcome } from '../components/ResetOutcome.js';
import { ResetPlan } from '../components/ResetPlan.js';
import { Spinner } from '../components/Spinner.js';
import { useLoad } from '../hooks/useLoad.js';
import { useResetFlow } from '../hooks/useResetFlow.js';

type Change = { client: ClientId; verb: 'Route' | 'Restore'; result: RouteResult | UnrouteResult };

const removeLabel = (n: number) => `Remove ${n} cached sign-in${n === 1 ? '' : 's'}`;

const detected = (c: ClientDescription) =>
  c.installed || c.configured || c.entries.length > 0 || c.cachedCredentials.length > 0;

/** Matches a client's name or id, ignoring case: `code` finds Claude Code and VS Code. */
const matches = (c: ClientDescription, query: string) =>
  `${c.name} ${c.id}`.toLowerCase().includes(query.trim().toLowerCase());

export function ClientsView() {
  const api = useApi();
  const clients = useLoad(() => api['clients.list']({}));
  const reset = useResetFlow(api, clients.reload);
  const [busy, setBusy] = useState<{ client: ClientId; what: 'route' | 'restore' }>();
  const [change, setChange] = useState<Change>();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState('');
  const filterId = useId();
  const list = clients.data ?? [];
  const found = list.filter(detected);
  const shown = found.filter((c) => matches(c, query));
  const notFound = list.filter((c) => !detected(c));
  const names = Object.fromEntries(list.map((c) => [c.id, c.name])) as Record<string, string>;
  const affected = list.filter((c) => c.cachedCredentials.length > 0).map((c) => c.id);

  const routeOrRestore = async (client: ClientId, what: 'route' | 'restore') => {
    setBusy({ client, what });
    setError(undefined);
    try {
      const result =
        what === 'route' ? await api['clients.route']({ client }) : await api['clients.unroute']({ client });
      setChange({ client, verb: what === 'route' ? 'Route' : 'Restore', result });
      await clients.reload();
    } catch (err) {
      setError(plainError(err));
    } finally {
      setBusy(undefined);
    }
  };

  const planning = reset.phase.kind === 'planning' ? reset.phase.clients : [];
  return (
    <section aria-labelledby="view-title">
      <div className="view-head">
        <h2 id="view-title">Clients</h2>
        <div className="actions">
          <BusyButton
            onClick={() => void clients.reload()}
            busy={clients.loading && clients.data !== undefined}
            busyLabel="Refreshing…"
          >
            Refresh
          </BusyButton>
          <BusyButton
            tone="danger"
            onClick={() => void reset.start(affected)}
            disabled={affected.length === 0 || reset.phase.kind !== 'idle'}
            busy={planning.length > 1}
            busyLabel="Checking…"
          >
            Reset all affected clients
          </BusyButton>
        </div>
      </div>
      <p className="muted">
        IDEs and agents found on this computer, the remote MCP servers they use, and the sign-ins they cached.
      </p>
      <ErrorNote
        message={error ?? reset.error}
        onDismiss={() => {
          setError(undefined);
          reset.dismissError();
        }}
      />
      <div aria-live="polite">
        {change && (
          <ChangeOutcome name={names[change.client] ?? change.client} verb={change.verb} result={change.result} />
        )}
        {reset.phase.kind === 'running' && <Spinner label="Removing cached sign-ins…" />}
        {reset.results.map((r) => (
          <ResetOutcome
            key={r.client}
            name={names[r.client] ?? r.client}
            result={r}
            undone={reset.undone[r.client]}
            undoing={reset.undoing === r.client}
            onUndo={() => void reset.undo(r.client)}
          />
        ))}
      </div>
      {clients.error !== undefined && <ErrorNote message={plainError(clients.error)} />}
      {clients.loading && !clients.data && <Spinner label="Looking for clients…" />}
      {clients.data && found.length === 0 && (
        <EmptyState title="No MCP clients found">
          None of the {list.length} supported clients has a config in this home folder. Install one, add a remote MCP
          server to it, then press Refresh.
        </EmptyState>
      )}
      {found.length > 1 && (
        <div className="filters" role="search">
          <div className="field inline">
            <label htmlFor={filterId}>Filter clients</label>
            <input
              id={filterId}
              type="search"
              value={query}
              placeholder="Name, e.g. code"
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          {query.trim() !== '' && (
            <p className="muted small" aria-live="polite">
              {shown.length} of {found.length} clients shown.
            </p>
          )}
        </div>
      )}
      <div className="cards">
        {shown.map((c) => (
          <ClientCard
            key={c.id}
            client={c}
            busy={
              busy?.client === c.id ? busy.what : planning.length === 1 && planning[0] === c.id ? 'reset' : undefined
            }
            actions={{
              route: () => void routeOrRestore(c.id, 'route'),
              restore: () => void routeOrRestore(c.id, 'restore'),
              reset: () => void reset.start([c.id]),
            }}
          />
        ))}
      </div>
      {notFound.length > 0 && (
        <details className="not-found">
          <summary>Not found on this computer ({notFound.length})</summary>
          <p className="muted small">{notFound.map((c) => c.name).join(', ')}.</p>
        </details>
      )}
      {reset.phase.kind === 'confirm' && (
        <ConfirmDialog
          title={
            reset.phase.plans.length === 1
              ? `Reset cached sign-ins of ${names[reset.phase.plans[0]!.client] ?? ''}?`
              : 'Reset cached sign-ins of all affected clients?'
          }
          confirmLabel={removeLabel(reset.phase.plans.reduce((n, p) => n + p.removed.length, 0))}
          canConfirm={reset.phase.plans.some((p) => p.removed.length > 0)}
          onConfirm={() => void reset.confirm()}
          onCancel={reset.cancel}
        >
          <ResetPlan plans={reset.phase.plans} names={names} />
        </ConfirmDialog>
      )}
    </section>
  );
}
