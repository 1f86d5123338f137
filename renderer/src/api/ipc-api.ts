// CompanionApi inside Electron: the preload's `window.companion` already has exactly this shape;
// errors crossing IPC lose their class, so they are rewrapped with their code when present.
import type { CompanionApi, Operation } from '../../../local-gateway/api/contract.js';
import { ApiError } from './errors.js';
import { OPERATIONS } from './operations.js';

export function createIpcApi(bridge: CompanionApi): CompanionApi {
  const api: Record<string, unknown> = {};
  for (const op of OPERATIONS) {
    api[op] = async (req: unknown) => {
      try {
        return await (bridge[op as Operation] as (r: unknown) => Promise<unknown>)(req);
      } catch (err) {
        const e = err as { code?: unknown; message?: unknown };
        throw new ApiError(
          typeof e.code === 'string' ? e.code : 'internal',
          typeof e.message === 'string' ? stripIpcPrefix(e.message) : 'The app could not do that.',
        );
      }
    };
  }
  return api as CompanionApi;
}

/** Electron prefixes rejected invoke errors with "Error invoking remote method '…': ". */
function stripIpcPrefix(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}
