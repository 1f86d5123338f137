// The dashboard's preload: exposes ONE narrow object, `window.companion`, with a method per
// CompanionApi operation and nothing else (no generic invoke/on, no ipcRenderer, no Node).
// Sandboxed preloads run as plain scripts that cannot `require` local files, so this compiles
// to CommonJS (package.json here) with type-only imports, and the operation list is written out
// here; a unit test (plus the type below) keeps it equal to the contract.
import { contextBridge, ipcRenderer } from 'electron';
import type { Operation } from '../../local-gateway/api/contract.js';
import type { CompanionBridge, IpcResult } from '../ipc.js';

export const PRELOAD_OPERATIONS = [
  'status.get',
  'servers.list',
  'servers.add',
  'servers.remove',
  'servers.login',
  'servers.logout',
  'servers.reregister',
  'servers.connect',
  'clients.list',
  'clients.route',
  'clients.unroute',
  'clients.reset',
  'clients.undoReset',
  'events.list',
  'settings.get',
  'settings.update',
  'diagnostics.get',
  'doctor.run',
] as const satisfies readonly Operation[];

// Compile-time half of the sync check: an operation missing above fails the type-check here.
type Unlisted = Exclude<Operation, (typeof PRELOAD_OPERATIONS)[number]>;
export const everyOperationListed: [Unlisted] extends [never] ? true : Unlisted = true;

function call(op: Operation) {
  return async (request?: unknown): Promise<unknown> => {
    const reply = (await ipcRenderer.invoke(`companion:${op}`, request ?? {})) as IpcResult;
    if (reply.ok) return reply.result;
    // Only the message survives the context bridge reliably; the code rides along when it can.
    throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  };
}

const bridge = Object.freeze(
  Object.fromEntries(PRELOAD_OPERATIONS.map((op) => [op, call(op)])),
) as unknown as CompanionBridge;

contextBridge.exposeInMainWorld('companion', bridge);
