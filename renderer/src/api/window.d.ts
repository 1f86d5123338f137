// What the Electron preload exposes: one method per CompanionApi operation, same names.
import type { CompanionApi } from '../../../local-gateway/api/contract.js';

declare global {
  interface Window {
    companion?: CompanionApi;
  }
}

export {};
