import { useState } from 'react';
import { useApi } from '../api/context.js';
import { plainError } from '../api/errors.js';
import { AddServerForm } from '../components/AddServerForm.js';
import { BusyButton } from '../components/BusyButton.js';
import { EmptyState } from '../components/EmptyState.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ServerCard, type ServerOp } from '../components/ServerCard.js';
import { Spinner } from '../components/Spinner.js';
import { useInterval } from '../hooks/useInterval.js';
import { useLoad } from '../hooks/useLoad.js';

const DONE: Record<ServerOp, string> = {
  login: 'is signed in',
  reregister: 'registered afresh and signed in',
  logout: 'is logged out',
  remove: 'was removed',
};

export function ServersView() {
  const api = useApi();
  const servers = useLoad(() => api['servers.list']({}));
  const [busy, setBusy] = useState<Record<string, ServerOp>>({});
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const anyBusy = Object.keys(busy).length > 0 || (servers.data ?? []).some((s) => s.auth === 'signing_in');
  // Faster while a sign-in runs (possibly started by the CLI or an IDE), slower otherwise.
  useInterval(() => void servers.reload(), anyBusy ? 1500 : 5000);

  const act = async (name: string, op: ServerOp) => {
    if (
      op === 'remove' &&
      !window.confirm(`Remove "${name}"? Clients routed to it stop working until you add it again.`)
    )
      return;
    setBusy((b) => ({ ...b, [name]: op }));
    setError(undefined);
    setNotice(undefined);
    try {
      if (op === 'login') await api['servers.login']({ name });
      else if (op === 'reregister') await api['servers.reregister']({ name });
      else if (op === 'logout') await api['servers.logout']({ name });
      else await api['servers.remove']({ name });
      setNotice(`${name} ${DONE[op]}.`);
    } catch (err) {
      setError(`${name}: ${plainError(err)}`);
    } finally {
      setBusy(({ [name]: _, ...rest }) => rest);
      await servers.reload();
    }
  };

  return (
    <section aria-labelledby="view-title">
      <div className="view-head">
        <h2 id="view-title">Servers</h2>
        <div className="actions">
          <BusyButton onClick={() => void servers.reload()}>Refresh</BusyButton>
        </div>
      </div>
      <p className="muted">Remote MCP servers the companion signs in to for your clients.</p>
      <ErrorNote message={error} onDismiss={() => setError(undefined)} />
      <div aria-live="polite">
        {notice && (
          <p className="note note-ok" role="status">
            {notice}
          </p>
        )}
      </div>
      {servers.error !== undefined && <ErrorNote message={plainError(servers.error)} />}
      {servers.loading && !servers.data && <Spinner label="Loading servers…" />}
      {servers.data?.length === 0 && (
        <EmptyState title="No servers yet">
          Add the URL of a remote MCP server below, or route a client on the Clients view: its servers are added for
          you.
        </EmptyState>
      )}
      <div className="cards">
        {servers.data?.map((s) => (
          <ServerCard key={s.name} server={s} busy={busy[s.name]} onAction={(op) => void act(s.name, op)} />
        ))}
      </div>
      <AddServerForm
        onAdded={(s) => {
          setNotice(`${s.name} added. Press "Log in" to sign in.`);
          void servers.reload();
        }}
      />
    </section>
  );
}
