import type { ServerStatus } from '../../../local-gateway/api/contract.js';
import { ago, authLabel, plainLastError, until } from '../format.js';
import { Badge, type BadgeTone } from './Badge.js';
import { BusyButton } from './BusyButton.js';
import { CopyButton } from './CopyButton.js';

const AUTH_KIND: Record<ServerStatus['authKind'], string> = {
  unknown: 'learned on first use',
  none: 'none: a public server',
  headers: 'the headers you configured (API key or token)',
  oauth: 'OAuth, owned by the companion',
};

const TONE: Record<ServerStatus['auth'], BadgeTone> = {
  signed_in: 'ok',
  signing_in: 'info',
  expired: 'warn',
  signed_out: 'warn',
};

/** How the companion identifies itself to the server's authorization server. */
const CLIENT: Record<ServerStatus['client'], string> = {
  dcr: 'Registered by the companion (DCR)',
  cimd: 'Client ID Metadata Document',
  'pre-registered': 'Pre-registered by your organisation',
};

export type ServerOp = 'login' | 'reregister' | 'logout' | 'remove';

interface Props {
  server: ServerStatus;
  busy: ServerOp | undefined;
  onAction(op: ServerOp): void;
}

/** Servers that proved they need no OAuth: nothing to sign in to. */
const STATIC_KIND: Partial<Record<ServerStatus['authKind'], string>> = {
  none: 'Public (no auth)',
  headers: 'Configured headers',
};

export function ServerCard({ server: s, busy, onAction }: Props) {
  const waiting = busy === 'login' || busy === 'reregister' || s.auth === 'signing_in';
  const staticKind = STATIC_KIND[s.authKind];
  return (
    <article className="card" aria-labelledby={`server-${s.name}`} data-server={s.name}>
      <header className="card-head">
        <h3 id={`server-${s.name}`}>{s.name}</h3>
        <div className="badges">
          {s.authProblem ? (
            <Badge tone="bad">Credential refused</Badge>
          ) : staticKind ? (
            <Badge tone="ok">{staticKind}</Badge>
          ) : (
            <Badge tone={TONE[s.auth]}>{authLabel(s.auth)}</Badge>
          )}
        </div>
      </header>
      <dl className="facts">
        <dt>Upstream</dt>
        <dd>
          <code>{s.url}</code>
        </dd>
        <dt>Auth</dt>
        <dd>{AUTH_KIND[s.authKind]}</dd>
        {!staticKind && (
          <>
            <dt>Token expires</dt>
            <dd>{s.auth === 'signed_out' ? '—' : until(s.expiresAt)}</dd>
            <dt>Client</dt>
            <dd>{CLIENT[s.client]}</dd>
            <dt>Registered</dt>
            <dd>{s.client !== 'dcr' ? 'nothing to register' : s.registeredAt ? ago(s.registeredAt) : 'not yet'}</dd>
            <dt>Client id</dt>
            <dd>
              <code>{s.clientId ?? '—'}</code>
            </dd>
          </>
        )}
        {s.headerNames.length > 0 && (
          <>
            <dt>Extra headers</dt>
            <dd>
              {s.headerNames.join(', ')} <span className="muted small">(values kept by the companion)</span>
            </dd>
          </>
        )}
        <dt>Local URL</dt>
        <dd className="copy-row">
          <code>{s.localUrl}</code> <CopyButton text={s.localUrl} what={`local URL of ${s.name}`} />
        </dd>
      </dl>
      {s.authProblem && (
        <p className="note note-error" role="alert">
          {s.authProblem}
        </p>
      )}
      {s.clientProblem && (
        <p className="note note-warn" role="status">
          {s.clientProblem}
        </p>
      )}
      {s.lastError && s.auth !== 'signed_in' && (
        <p className="note note-error" role="alert">
          {plainLastError(s.lastError)}
        </p>
      )}
      {waiting && (
        <p className="note note-info" role="status">
          <span className="spinner spinner-small" aria-hidden="true" /> Waiting for you to finish signing in in the
          browser window that just opened…
        </p>
      )}
      <div className="actions">
        {!staticKind && (
          <>
            <BusyButton
              tone="primary"
              onClick={() => onAction('login')}
              busy={busy === 'login'}
              busyLabel="Signing in…"
              disabled={busy !== undefined || s.auth === 'signing_in'}
            >
              {s.auth === 'signed_in' ? 'Log in again' : 'Log in'}
            </BusyButton>
            <BusyButton
              onClick={() => onAction('reregister')}
              busy={busy === 'reregister'}
              busyLabel="Re-registering…"
              disabled={busy !== undefined}
              title="Drop this app's registration with the server, register afresh and sign in"
            >
              Re-register
            </BusyButton>
            <BusyButton
              onClick={() => onAction('logout')}
              busy={busy === 'logout'}
              busyLabel="Logging out…"
              disabled={busy !== undefined || s.auth === 'signed_out'}
            >
              Log out
            </BusyButton>
          </>
        )}
        <BusyButton
          tone="danger"
          onClick={() => onAction('remove')}
          busy={busy === 'remove'}
          busyLabel="Removing…"
          disabled={busy !== undefined}
        >
          Remove
        </BusyButton>
      </div>
    </article>
  );
}
