// The one IPC contract between main, preload and renderer: one invoke channel per CompanionApi
// operation, named `companion:<op>`, answering an IpcResult. Main validates every payload with
// the contract's zod schema through `dispatch` (the path the HTTP admin API takes too, so both
// refuse the same hostile payloads) and answers only the dashboard window.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { requestSchemas, type CompanionApi, type Operation } from '../local-gateway/api/contract.js';
import { dispatch } from '../local-gateway/api/dispatch.js';
import { isCompanionError } from '../local-gateway/core/errors.js';

export type Channel = `companion:${Operation}`;
export interface IpcError {
  code: string;
  message: string;
}
export type IpcResult<T = unknown> = { ok: true; result: T } | { ok: false; error: IpcError };
/** `window.companion` as the preload exposes it: exactly the CompanionApi, nothing more. */
export type CompanionBridge = CompanionApi;

export const OPERATIONS = Object.keys(requestSchemas) as Operation[];
export const channelOf = (op: Operation): Channel => `companion:${op}`;

/** True when the event comes from the dashboard window's own top frame. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

// Far above any real request (the largest is servers.add with headers), far below a DoS.
const MAX_PAYLOAD_CHARS = 64 * 1024;
const MAX_DEPTH = 6;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a payload is refused before schema validation; undefined when its shape may be parsed. */
export function screenPayload(payload: unknown): string | undefined {
  if (!isPlainObject(payload)) return 'the request must be an object';
  let chars: number;
  try {
    chars = JSON.stringify(payload).length;
  } catch {
    return 'the request is not plain data';
  }
  if (chars > MAX_PAYLOAD_CHARS) return 'the request is too large';
  if (hasReservedKey(payload, 0)) return 'the request uses a reserved key or nests too deeply';
  return undefined;
}

/** Registers one handler per operation; returns a function that removes them all. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  api: CompanionApi,
  isTrusted: SenderCheck,
): () => void {
  for (const op of OPERATIONS) {
    ipcMain.handle(channelOf(op), (event, ...args: unknown[]) => answer(op, event, args));
  }
  return () => OPERATIONS.forEach((op) => ipcMain.removeHandler(channelOf(op)));

  async function answer(op: Operation, event: IpcMainInvokeEvent, args: unknown[]): Promise<IpcResult> {
    if (!isTrusted(event)) return refuse('forbidden', 'Only the MCP Companion dashboard may call the companion.');
    const why = args.length === 1 ? screenPayload(args[0]) : 'send exactly one request object';
    if (why) return refuse('bad_input', `Invalid request for ${op}: ${why}.`);
    try {
      return { ok: true, result: await dispatch(api, op, args[0]) };
    } catch (err) {
      if (isCompanionError(err)) return refuse(err.code, err.message);
      // Unexpected errors stay in the main process log; the renderer gets no internals.
      console.error(`[ipc] ${op} failed:`, err instanceof Error ? err.message : String(err));
      return refuse('internal', 'Internal error; see the MCP Companion log.');
    }
  }
}

function refuse(code: string, message: string): IpcResult {
  return { ok: false, error: { code, message } };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function hasReservedKey(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth > MAX_DEPTH) return true;
  for (const key of Object.keys(value)) {
    if (RESERVED_KEYS.has(key)) return true;
    if (hasReservedKey((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}
