import type { CompanionApi } from '../../../local-gateway/api/contract.js';
import { createHttpApi } from './http-api.js';
import { createIpcApi } from './ipc-api.js';

/** Inside Electron the preload exposes `window.companion`; in a browser, talk HTTP to `serve`. */
export function pickApi(w: Window = window): { api: CompanionApi; kind: 'ipc' | 'http' } {
  return w.companion ? { api: createIpcApi(w.companion), kind: 'ipc' } : { api: createHttpApi(), kind: 'http' };
}
