import { useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../local-gateway/api/contract.js';
import { BusyButton } from './BusyButton.js';

interface Props {
  initial: Settings;
  saving: boolean;
  onSave(changes: Partial<Settings>): void;
}

/** Sends only what changed; the hold timeout is edited in seconds. */
export function SettingsForm({ initial, saving, onSave }: Props) {
  const id = useId();
  const [port, setPort] = useState(String(initial.port));
  const [hold, setHold] = useState(String(Math.round(initial.holdTimeoutMs / 1000)));
  const [startAtLogin, setStartAtLogin] = useState(initial.startAtLogin);
  const [logLevel, setLogLevel] = useState(initial.logLevel);
  const [caFile, setCaFile] = useState(initial.caFile ?? '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const changes: Partial<Settings> = {};
    if (Number(port) !== initial.port) changes.port = Number(port);
    if (Number(hold) * 1000 !== initial.holdTimeoutMs) changes.holdTimeoutMs = Number(hold) * 1000;
    if (startAtLogin !== initial.startAtLogin) changes.startAtLogin = startAtLogin;
    if (logLevel !== initial.logLevel) changes.logLevel = logLevel;
    if (caFile.trim() !== (initial.caFile ?? '')) changes.caFile = caFile.trim() || null;
    onSave(changes);
  };

  return (
    <form className="card form" onSubmit={submit} aria-label="Settings">
      <div className="field">
        <label htmlFor={`${id}-port`}>Port</label>
        <input
          id={`${id}-port`}
          type="number"
          min={1024}
          max={65535}
          required
          value={port}
          onChange={(e) => setPort(e.target.value)}
          aria-describedby={`${id}-port-hint`}
        />
        <span id={`${id}-port-hint`} className="muted small">
          Takes effect at the next start. Routed clients are rewritten and registrations renewed then.
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-hold`}>Request hold timeout (seconds)</label>
        <input
          id={`${id}-hold`}
          type="number"
          min={1}
          max={600}
          required
          value={hold}
          onChange={(e) => setHold(e.target.value)}
          aria-describedby={`${id}-hold-hint`}
        />
        <span id={`${id}-hold-hint`} className="muted small">
          How long a client request waits for you to finish signing in before it fails.
        </span>
      </div>
      <div className="field inline">
        <input
          id={`${id}-login`}
          type="checkbox"
          checked={startAtLogin}
          onChange={(e) => setStartAtLogin(e.target.checked)}
        />
        <label htmlFor={`${id}-login`}>Start at login</label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-log`}>Log level</label>
        <select id={`${id}-log`} value={logLevel} onChange={(e) => setLogLevel(e.target.value as Settings['logLevel'])}>
          <option value="error">Errors only</option>
          <option value="warn">Warnings</option>
          <option value="info">Info</option>
          <option value="debug">Debug</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-ca`}>Extra CA file (PEM)</label>
        <input
          id={`${id}-ca`}
          type="text"
          placeholder="/path/to/corp-root-ca.pem"
          value={caFile}
          onChange={(e) => setCaFile(e.target.value)}
          aria-describedby={`${id}-ca-hint`}
        />
        <span id={`${id}-ca-hint`} className="muted small">
          Your organisation&apos;s root CA, for a TLS-inspecting proxy or a private server. Empty: none.
        </span>
      </div>
      <div className="actions">
        <BusyButton type="submit" tone="primary" busy={saving} busyLabel="Saving…">
          Save settings
        </BusyButton>
      </div>
    </form>
  );
}
