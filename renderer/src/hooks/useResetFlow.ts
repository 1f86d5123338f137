// Reset with a look first: a dry run lists exactly what will go, the user confirms, the reset
// runs, and each client's result keeps an Undo until the user moves on.
import { useState } from 'react';
import type { CompanionApi } from '../../../local-gateway/api/contract.js';
import type { ClientId, ResetResult, UndoResetResult } from '../../../local-gateway/clients/types.js';
import { plainError } from '../api/errors.js';

export type ResetPhase =
  | { kind: 'idle' }
  | { kind: 'planning'; clients: ClientId[] }
  | { kind: 'confirm'; plans: ResetResult[] }
  | { kind: 'running'; plans: ResetResult[] };

export interface ResetFlow {
  phase: ResetPhase;
  results: ResetResult[];
  undone: Partial<Record<ClientId, UndoResetResult>>;
  undoing: ClientId | undefined;
  error: string | undefined;
  start(clients: ClientId[]): Promise<void>;
  confirm(): Promise<void>;
  cancel(): void;
  undo(client: ClientId): Promise<void>;
  dismissError(): void;
}

export function useResetFlow(api: CompanionApi, afterChange: () => Promise<void>): ResetFlow {
  const [phase, setPhase] = useState<ResetPhase>({ kind: 'idle' });
  const [results, setResults] = useState<ResetResult[]>([]);
  const [undone, setUndone] = useState<Partial<Record<ClientId, UndoResetResult>>>({});
  const [undoing, setUndoing] = useState<ClientId>();
  const [error, setError] = useState<string>();

  const start = async (clients: ClientId[]) => {
    setError(undefined);
    setPhase({ kind: 'planning', clients });
    try {
      const plans = await Promise.all(clients.map((client) => api['clients.reset']({ client, dryRun: true })));
      setPhase({ kind: 'confirm', plans });
    } catch (err) {
      setError(plainError(err));
      setPhase({ kind: 'idle' });
    }
  };

  const confirm = async () => {
    if (phase.kind !== 'confirm') return;
    setPhase({ kind: 'running', plans: phase.plans });
    const done: ResetResult[] = [];
    try {
      // One client at a time: each result (and its Undo) is kept even if a later one fails.
      for (const plan of phase.plans.filter((p) => p.removed.length > 0)) {
        done.push(await api['clients.reset']({ client: plan.client }));
      }
    } catch (err) {
      setError(plainError(err));
    }
    setResults(done);
    setUndone({});
    setPhase({ kind: 'idle' });
    await afterChange();
  };

  const undo = async (client: ClientId) => {
    setUndoing(client);
    setError(undefined);
    try {
      const r = await api['clients.undoReset']({ client });
      setUndone((u) => ({ ...u, [client]: r }));
      await afterChange();
    } catch (err) {
      setError(plainError(err));
    } finally {
      setUndoing(undefined);
    }
  };

  return {
    phase,
    results,
    undone,
    undoing,
    error,
    start,
    confirm,
    undo,
    cancel: () => setPhase({ kind: 'idle' }),
    dismissError: () => setError(undefined),
  };
}
