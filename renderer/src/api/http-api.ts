// CompanionApi over the admin HTTP API of `serve`: POST /api/rpc/<op>, same origin, carried by
// the dashboard's session cookie (HttpOnly, so this code never sees a credential).
import type { CompanionApi, Operation, RequestOf, ResponseMap } from '../../../local-gateway/api/contract.js';
import { ApiError } from './errors.js';
import { OPERATIONS } from './operations.js';

type Fetch = typeof fetch;

export async function callHttp<O extends Operation>(op: O, req: RequestOf<O>, fetchFn: Fetch = fetch): Promise<ResponseMap[O]> {
  let res: Response;
  try {
    res = await fetchFn(`/api/rpc/${op}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(req ?? {}),
    });
  } catch {
    throw new ApiError('unreachable', 'Cannot reach MCP Companion.');
  }
  const body = (await res.json().catch(() => ({}))) as { result?: ResponseMap[O]; error?: string; message?: string };
  if (res.status === 401) throw new ApiError('unauthorized', body.message ?? 'Unauthorized.', 401);
  if (!res.ok) throw new ApiError(body.error ?? 'internal', body.message ?? `MCP Companion answered ${res.status}.`, res.status);
  return body.result as ResponseMap[O];
}

export function createHttpApi(fetchFn: Fetch = (input, init) => fetch(input, init)): CompanionApi {
  const api: Record<string, unknown> = {};
  for (const op of OPERATIONS) api[op] = (req: RequestOf<typeof op>) => callHttp(op, req, fetchFn);
  return api as CompanionApi;
}
