import { createContext, useContext, type ReactNode } from 'react';
import type { CompanionApi } from '../../../local-gateway/api/contract.js';

const ApiContext = createContext<CompanionApi | null>(null);

export function ApiProvider({ api, children }: { api: CompanionApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): CompanionApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
