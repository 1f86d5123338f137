import type { RouteResult, UnrouteResult } from '../../../local-gateway/clients/types.js';
import { StepsList } from './StepsList.js';

/** What Route or Restore changed. Diffs are not shown: a routed entry holds a local token. */
export function ChangeOutcome({
  name,
  verb,
  result,
}: {
  name: string;
  verb: 'Route' | 'Restore';
  result: RouteResult | UnrouteResult;
}) {
  const changed = result.files.filter((f) => f.changed);
  const failed = result.files.filter((f) => f.error);
  return (
    <div className="outcome" role="status">
      <p>
        <strong>{name}:</strong> {verb === 'Route' ? 'routing' : 'restore'}{' '}
        {changed.length > 0 ? `changed ${changed.length} file${changed.length === 1 ? '' : 's'}` : 'changed nothing'}.
      </p>
      <ul className="small">
        {result.entries.map((e) => (
          <li key={`${e.file}|${e.name}`}>
            <strong>{e.name}</strong>: {e.status.replace('-', ' ')}
            {e.reason ? ` — ${e.reason}` : ''}
          </li>
        ))}
      </ul>
      {changed.map((f) => (
        <p key={f.file} className="small muted">
          Updated <code>{f.file}</code>
          {f.backup ? (
            <>
              {' '}
              (backup: <code>{f.backup}</code>)
            </>
          ) : null}
        </p>
      ))}
      {failed.map((f) => (
        <p key={f.file} className="note note-error small" role="alert">
          {f.file}: {f.error}
        </p>
      ))}
      <StepsList title="What to do next" steps={result.nextSteps} />
    </div>
  );
}
