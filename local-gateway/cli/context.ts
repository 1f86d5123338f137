// What every CLI command needs: the data dir, a local Companion (store + OAuth, not listening),
// and a client for the admin API of a companion that is already serving on this data dir.
import { CompanionError } from '../core/errors.js';
import { createCompanion, type Companion, type CompanionOptions } from '../companion.js';
import type { Operation, RequestOf, ResponseMap } from '../api/contract.js';
import { dispatch } from '../api/dispatch.js';
import { readAdminToken } from '../services/admin-token.js';
import { runningOwner } from '../services/instance-lock.js';
import { resolvePort } from '../services/settings.js';
import { defaultDataDir, openStore, createFileSecretBox } from '../store/index.js';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** Thrown by a command to end with this exit status, having printed what it had to say. */
export class ExitStatus extends Error {
  constructor(readonly code: number) {
    super(`exit status ${code}`);
  }
}

export function dataDirOf(io: CliIO): string {
  return defaultDataDir(io.env);
}

export function openCompanion(io: CliIO, extra: Partial<CompanionOptions> = {}): Companion {
  return createCompanion({ dataDir: dataDirOf(io), env: io.env, ...extra });
}

/** The remembered port without opening more than the store. */
export function configuredPort(io: CliIO): number {
  const dataDir = dataDirOf(io);
  const store = openStore({ dataDir, secretBox: createFileSecretBox(dataDir) });
  try {
    return resolvePort(store);
  } finally {
    store.close();
  }
}

export interface RunningCompanion {
  port: number;
  /** Calls a CompanionApi operation on the running companion. */
  rpc<T = unknown>(op: string, body?: unknown): Promise<T>;
  /** A fresh single-use dashboard sign-in link (`serve` only; the app has its window). */
  dashboardLink(): Promise<string>;
}

/**
 * Finds the companion serving this data dir (the app or `serve`), if any: the one holding the
 * data dir's lock, at the port it announced. The admin token goes only there, never to whatever
 * else happens to listen on the configured port.
 */
export async function findRunning(io: CliIO): Promise<RunningCompanion | undefined> {
  const port = runningOwner(dataDirOf(io))?.port;
  const token = readAdminToken(dataDirOf(io));
  if (!port || !token) return undefined;
  const base = `http://127.0.0.1:${port}`;
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as { message?: string };
    if (!res.ok) throw new Error(json.message ?? `The running companion answered ${res.status}.`);
    return json as T;
  };
  try {
    await call('GET', '/api/health');
    return {
      port,
      rpc: async <T>(op: string, body: unknown = {}) =>
        (await call<{ result: T }>('POST', `/api/rpc/${op}`, body)).result,
      dashboardLink: async () => (await call<{ url: string }>('POST', '/dashboard/link', {})).url,
    };
  } catch {
    return undefined;
  }
}

export interface ApiSession {
  /** Calls one CompanionApi operation, on the running companion if there is one. */
  call<O extends Operation>(op: O, req: RequestOf<O>): Promise<ResponseMap[O]>;
}

/**
 * Runs `fn` against the companion that owns this data dir: the running app or `serve` when there
 * is one (it holds the keychain-sealed secrets and sees the change at once), else an in-process one.
 */
export async function withApi<T>(
  io: CliIO,
  fn: (api: ApiSession) => Promise<T>,
  extra: Partial<CompanionOptions> = {},
): Promise<T> {
  const running = await findRunning(io);
  if (running) return fn({ call: (op, req) => running.rpc(op, req) });
  const c = openCompanion(io, extra);
  try {
    // Through dispatch, like the admin API: both paths validate a request the same way.
    return await fn({ call: async (op, req) => (await dispatch(c.api, op, req)) as ResponseMap[typeof op] });
  } finally {
    await c.close();
  }
}

/**
 * `listen()` failed with EADDRINUSE after taking this data dir's lock: whatever holds the port is
 * not this data dir's companion, and it was sent nothing.
 */
export function portTakenError(port: number): CompanionError {
  return new CompanionError(
    'conflict',
    `Port ${port} is already in use by another program (not the MCP Companion of this data dir; nothing was sent to it). Stop that program, or choose another port with \`mcp-companion serve --port <n>\` (routed clients are then rewritten).`,
  );
}
