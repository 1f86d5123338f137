import type { ResetResult, UndoResetResult } from '../../../local-gateway/clients/types.js';
import { BusyButton } from './BusyButton.js';
import { StepsList } from './StepsList.js';

interface Props {
  name: string;
  result: ResetResult;
  undone?: UndoResetResult;
  undoing: boolean;
  onUndo(): void;
}

/** What a reset removed, what to do next, and the way back. */
export function ResetOutcome({ name, result, undone, undoing, onUndo }: Props) {
  const n = result.removed.length;
  if (undone) {
    return (
      <div className="outcome" role="status">
        <p>
          <strong>{name}:</strong> put back everything the reset removed ({undone.restored.length} item
          {undone.restored.length === 1 ? '' : 's'}).
        </p>
        {undone.skipped.length > 0 && (
          <ul className="small">
            {undone.skipped.map((s) => (
              <li key={`${s.store}|${s.key}`}>
                Not restored: {s.key} ({s.reason})
              </li>
            ))}
          </ul>
        )}
        <StepsList title="Next" steps={undone.nextSteps} />
      </div>
    );
  }
  return (
    <div className="outcome" role="status">
      <p>
        <strong>{name}:</strong>{' '}
        {n > 0
          ? `removed ${n} cached sign-in${n === 1 ? '' : 's'} (${result.removed.map((c) => c.server).join(', ')}).`
          : 'there was nothing to remove.'}
      </p>
      <StepsList title="What to do next" steps={result.nextSteps} />
      <StepsList title="Also do by hand" steps={result.manualSteps} />
      {(n > 0 || (result.clearedState?.length ?? 0) > 0) && (
        <BusyButton onClick={onUndo} busy={undoing} busyLabel="Undoing…">
          Undo reset for {name}
        </BusyButton>
      )}
    </div>
  );
}
