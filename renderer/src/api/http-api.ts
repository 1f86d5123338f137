// CompanionApi over the admin HTTP API of `serve`: POST /api/rpc/<op>, same origin, carrying the
// dashboard session in the `x-mcpc-session` header. The session comes from the single-use code in
// the sign-in link (`#code=…`) and lives in sessionStorage: per tab and per port, so no other
// program on 127.0.0.1 ever receives it (a cookie would go to every local port).
import type { CompanionApi, Operation, RequestOf, ResponseMap } from '../../../local-gateway/api/contract.js';
import { ApiError } from './errors.js';
import { OPERATIONS } from './operations.js';

type Fetch = typeof fetch;
/** Where the page keeps its session: undefined outside a browser (tests pass their own). */
type SessionSource = () => string | undefined;

export const SESSION_KEY = 'mcpc_session';
const storedSession: SessionSource = () =>
  (globalThis as { sessionStorage?: { getItem(key: string): string | null } }).sessionStorage?.getItem(SESSION_KEY) ??
  undefined;

export async function callHttp<O extends Operation>(
  op: O,
  req: RequestOf<O>,
  fetchFn: Fetch = fetch,
  session: SessionSource = storedSession,
): Promise<ResponseMap[O]> {
  let res: Response;
  const s = session();
  try {
    res = await fetchFn(`/api/rpc/${op}`, {
      method: 'POST',
      credentials: 'omit',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(s ? { 'x-mcpc-session': s } : {}),
      },
      body: JSON.stringify(req ?? {}),
    });
  } catch {
    throw new ApiError('unreachable', 'Cannot reach MCP Companion.');
  }
  const body = (await res.json().catch(() => ({}))) as { result?: ResponseMap[O]; error?: string; message?: string };
  if (res.status === 401) throw new ApiError('unauthorized', body.message ?? 'Unauthorized.', 401);
  if (!res.ok)
    throw new ApiError(body.error ?? 'internal', body.message ?? `MCP Companion answered ${res.status}.`, res.status);
  return body.result as ResponseMap[O];
}

export function createHttpApi(
  fetchFn: Fetch = (input, init) => fetch(input, init),
  session: SessionSource = storedSession,
): CompanionApi {
  const api: Record<string, unknown> = {};
  for (const op of OPERATIONS) api[op] = (req: RequestOf<typeof op>) => callHttp(op, req, fetchFn, session);
  return api as CompanionApi;
}
