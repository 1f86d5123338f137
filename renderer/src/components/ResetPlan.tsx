import type { ResetResult } from '../../../local-gateway/clients/types.js';
import { CredentialTable } from './CredentialTable.js';
import { StepsList } from './StepsList.js';

/** The exact list a reset would remove (from a dry run), per client. */
export function ResetPlan({ plans, names }: { plans: ResetResult[]; names: Record<string, string> }) {
  return (
    <>
      {plans.map((p) => (
        <section key={p.client} className="plan">
          <h3>{names[p.client] ?? p.client}</h3>
          {p.removed.length > 0 ? (
            <CredentialTable
              items={p.removed}
              caption={`${p.removed.length} cached sign-in${p.removed.length === 1 ? '' : 's'} will be removed`}
            />
          ) : (
            <p className="muted">Nothing to remove here.</p>
          )}
          {(p.clearedState?.length ?? 0) > 0 && (
            <p className="muted small">
              Also clears its cached “needs authentication” verdict for{' '}
              {p.clearedState!.map((c) => c.server).join(', ')}, so it stops skipping those servers.
            </p>
          )}
          {p.running && (
            <p className="note note-warn">
              {names[p.client] ?? p.client} is running: restart it after the reset so it forgets what it still holds in
              memory.
            </p>
          )}
          <StepsList title="Also do by hand (the companion cannot edit these safely)" steps={p.manualSteps} />
        </section>
      ))}
      <p className="muted small">
        Only these MCP sign-ins are removed; everything else in those files (for example your Claude Code login) stays.
        A backup is kept so you can undo.
      </p>
    </>
  );
}
