import type { ConfigFileStatus } from '../../../local-gateway/clients/types.js';

export function ConfigFiles({ files }: { files: ConfigFileStatus[] }) {
  const shown = files.filter((f) => f.exists || f.error);
  if (shown.length === 0) return <p className="muted small">No config file yet.</p>;
  return (
    <ul className="files">
      {shown.map((f) => (
        <li key={f.path}>
          <code>{f.path}</code> <span className="muted small">({f.scope})</span>
          {f.error && (
            <div className="note note-error small" role="alert">
              This file does not parse, so it is left untouched: {f.error}. Fix it in an editor, then try again.
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
