// Validates one request against the contract and calls the handler: the shared core of the
// HTTP admin API and the Electron IPC, so both refuse exactly the same hostile payloads.
import { CompanionError } from '../core/errors.js';
import { requestSchemas, type CompanionApi, type Operation } from './contract.js';

export function isOperation(name: string): name is Operation {
  return Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

export async function dispatch(api: CompanionApi, op: string, payload: unknown): Promise<unknown> {
  if (!isOperation(op)) throw new CompanionError('bad_input', `Unknown operation "${String(op).slice(0, 64)}".`);
  const parsed = requestSchemas[op].safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CompanionError(
      'bad_input',
      `Invalid request for ${op}: ${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'malformed'}.`,
    );
  }
  const handler = api[op] as (req: unknown) => Promise<unknown>;
  return handler(parsed.data);
}
