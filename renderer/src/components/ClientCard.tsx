import type { ClientDescription } from '../../../local-gateway/clients/types.js';
import { Badge } from './Badge.js';
import { BusyButton } from './BusyButton.js';
import { ConfigFiles } from './ConfigFiles.js';
import { CredentialTable } from './CredentialTable.js';
import { EntryTable } from './EntryTable.js';

export interface ClientActions {
  route(): void;
  restore(): void;
  reset(): void;
}

interface Props {
  client: ClientDescription;
  busy: 'route' | 'restore' | 'reset' | undefined;
  actions: ClientActions;
}

export function ClientCard({ client, busy, actions }: Props) {
  const remote = client.entries.filter((e) => e.kind !== 'local');
  const unrouted = remote.filter((e) => e.kind === 'remote').length;
  const routed = remote.length - unrouted;
  return (
    <article className="card" aria-labelledby={`client-${client.id}`} data-client={client.id}>
      <header className="card-head">
        <h3 id={`client-${client.id}`}>{client.name}</h3>
        <div className="badges">
          {client.running && <Badge tone="info">Running</Badge>}
          {client.cachedCredentials.length > 0 && (
            <Badge tone="warn">{`${client.cachedCredentials.length} cached sign-in${client.cachedCredentials.length === 1 ? '' : 's'}`}</Badge>
          )}
          {remote.length > 0 && unrouted === 0 && <Badge tone="ok">All routed</Badge>}
        </div>
      </header>
      <ConfigFiles files={client.configFiles} />
      {remote.length > 0 ? (
        <EntryTable entries={remote} />
      ) : (
        <p className="muted small">No remote MCP servers configured.</p>
      )}
      {client.cachedCredentials.length > 0 ? (
        <CredentialTable items={client.cachedCredentials} caption="Cached sign-ins held by this client" />
      ) : (
        <p className="muted small">No cached MCP sign-ins found.</p>
      )}
      {client.notes.length > 0 && (
        <ul className="small muted">
          {client.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <BusyButton
          tone="primary"
          onClick={actions.route}
          busy={busy === 'route'}
          busyLabel="Routing…"
          disabled={busy !== undefined || unrouted === 0}
          title={unrouted === 0 ? 'Nothing left to route' : 'Point its remote servers at the local gateway'}
        >
          Route
        </BusyButton>
        <BusyButton
          onClick={actions.restore}
          busy={busy === 'restore'}
          busyLabel="Restoring…"
          disabled={busy !== undefined || routed === 0}
          title={routed === 0 ? 'Nothing routed' : 'Put the original entries back'}
        >
          Restore
        </BusyButton>
        <BusyButton
          tone="danger"
          onClick={actions.reset}
          busy={busy === 'reset'}
          busyLabel="Checking…"
          disabled={busy !== undefined || client.cachedCredentials.length === 0}
        >
          Reset credentials
        </BusyButton>
      </div>
    </article>
  );
}
