// `clients [--json]`: what is installed, which files, which remote entries (routed or not),
// which cached credentials (server, age, client_id) — never a token or secret value.

import { errorMessage } from '../core/errors.js';
import { readAllEntries } from './entries.js';
import type {
  CachedCredential,
  ClassifiedEntry,
  ClientAdapter,
  ClientDescription,
  EngineDeps,
  EntrySummary,
} from './types.js';

export async function describeClient(adapter: ClientAdapter, deps: EngineDeps): Promise<ClientDescription> {
  const { ctx } = deps;
  const { files, entries } = readAllEntries(adapter, deps);
  const withRouted = readAllEntries(adapter, deps, { includeRouted: true }).entries;
  const notes: string[] = [];
  const cachedCredentials: CachedCredential[] = [];
  for (const store of adapter.credentialStores(ctx)) {
    try {
      for (const { handle: _h, ...c } of await store.list(withRouted)) cachedCredentials.push(c);
    } catch (err) {
      notes.push(`could not read ${store.label}: ${errorMessage(err)}`);
    }
  }
  const detected = adapter.detect(ctx);
  return {
    id: adapter.id,
    name: adapter.displayName,
    installed: detected.installed,
    configured: entries.length > 0,
    running: await adapter.isRunning(ctx),
    configFiles: files,
    entries: entries.filter((e) => e.kind !== 'local').map(summary),
    cachedCredentials,
    notes,
  };
}

export function summary(e: ClassifiedEntry): EntrySummary {
  return {
    name: e.name,
    file: e.file,
    scope: e.scope,
    kind: e.kind,
    ...(e.remote ? { via: e.remote.via, url: e.remote.url, transport: e.remote.transport } : {}),
    ...(e.readOnly ? { readOnly: e.readOnly } : {}),
  };
}
