import { useState } from 'react';
import type { Settings } from '../../../local-gateway/api/contract.js';
import { useApi } from '../api/context.js';
import { plainError } from '../api/errors.js';
import { CopyButton } from '../components/CopyButton.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { SettingsForm } from '../components/SettingsForm.js';
import { Spinner } from '../components/Spinner.js';
import { useAction } from '../hooks/useAction.js';
import { useLoad } from '../hooks/useLoad.js';

export function SettingsView() {
  const api = useApi();
  const settings = useLoad(() => api['settings.get']({}));
  const save = useAction(api['settings.update']);
  const [saved, setSaved] = useState<string>();
  const [diagnostics, setDiagnostics] = useState<string>();

  const onSave = async (changes: Partial<Settings>) => {
    setSaved(undefined);
    if (Object.keys(changes).length === 0) return setSaved('Nothing changed.');
    const next = await save.run(changes);
    if (!next) return;
    setSaved(
      changes.port !== undefined
        ? `Saved. The companion moves to port ${next.port} the next time it starts.`
        : 'Saved.',
    );
    await settings.reload();
  };

  const fetchDiagnostics = async () => {
    const { text } = await api['diagnostics.get']({});
    setDiagnostics(text);
    return text;
  };

  return (
    <section aria-labelledby="view-title">
      <div className="view-head">
        <h2 id="view-title">Settings</h2>
      </div>
      {settings.error !== undefined && <ErrorNote message={plainError(settings.error)} />}
      {settings.loading && !settings.data && <Spinner label="Loading settings…" />}
      {/* Keyed by the loaded values so a reload resets the form to what was stored. */}
      {settings.data && (
        <SettingsForm
          key={JSON.stringify(settings.data)}
          initial={settings.data}
          saving={save.busy}
          onSave={(c) => void onSave(c)}
        />
      )}
      <ErrorNote message={save.error} onDismiss={save.clearError} />
      <div aria-live="polite">
        {saved && (
          <p className="note note-ok" role="status">
            {saved}
          </p>
        )}
      </div>
      {settings.data && (
        <div className="card" aria-label="Network">
          <h3>Network</h3>
          <p>
            Proxy: <code>{settings.data.network.proxy}</code>
          </p>
          <p>Trusted CAs:</p>
          <ul>
            {settings.data.network.trust.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="card">
        <h3>Diagnostics</h3>
        <p className="muted">
          A report of versions, servers, clients and recent events for a bug report. Tokens and secrets are removed.
        </p>
        <div className="actions">
          <CopyButton text={fetchDiagnostics} label="Copy diagnostics" what="diagnostics" />
        </div>
        {diagnostics && (
          <details>
            <summary>Show the copied report</summary>
            <pre className="diagnostics">{diagnostics}</pre>
          </details>
        )}
      </div>
    </section>
  );
}
