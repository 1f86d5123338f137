// reset / undoReset for any adapter: remove exactly the client's cached MCP OAuth state from
// each store it has, back every removed item up sealed under
// `<dataDir>/backups/resets/<client>/<timestamp>.json`, and put the last one back on undo.

import fs from 'node:fs';
import path from 'node:path';
import { timestampForFile } from '../config-edit/backup.js';
import { writeFileAtomic } from '../config-edit/atomic-write.js';
import { CompanionError, isCompanionError } from '../core/errors.js';
import { readAllEntries } from './entries.js';
import { restoreItem } from './reset-restore.js';
import type {
  CachedCredential,
  ClassifiedEntry,
  ClientAdapter,
  CredentialStore,
  EngineDeps,
  ResetBackupItem,
  ResetResult,
  RouteResult,
  StoredCredential,
  UndoResetResult,
} from './types.js';

export interface ResetBackupFile {
  version: 1;
  client: string;
  at: string;
  items: ResetBackupItem[];
}

export function resetBackupDir(dataDir: string, client: string): string {
  return path.join(dataDir, 'backups', 'resets', client);
}

export async function resetClient(
  adapter: ClientAdapter,
  deps: EngineDeps,
  opts: { servers?: string[]; dryRun?: boolean },
): Promise<ResetResult> {
  const { ctx, host } = deps;
  const dryRun = opts.dryRun ?? false;
  const running = await adapter.isRunning(ctx);
  const entries = readAllEntries(adapter, deps, { includeRouted: true }).entries;
  const plan: Array<{ store: CredentialStore; items: StoredCredential[] }> = [];
  for (const store of adapter.credentialStores(ctx)) {
    const all = await store.list(entries);
    const items = opts.servers?.length ? all.filter((c) => opts.servers!.includes(c.server)) : all;
    if (items.length) plan.push({ store, items });
  }
  const gaveUp = await planGaveUp(adapter, deps, entries, opts.servers);
  const blocked = [...plan, ...gaveUp.plan].find((p) => p.store.requiresQuit && running);
  if (blocked && !dryRun) {
    throw new CompanionError(
      'client_running',
      `${adapter.displayName} is running and rewrites ${blocked.store.label} while it runs: quit ${adapter.displayName} and run it again`,
      { client: adapter.id },
    );
  }
  const removed: CachedCredential[] = plan.flatMap((p) => p.items.map(publicView));
  const cleared = gaveUp.plan.flatMap((p) => p.items.map(publicView));
  const clearedState = cleared.length ? { clearedState: cleared } : {};
  const manualSteps = [...adapter.manualResetSteps(ctx, opts.servers ?? []), ...gaveUp.problems];
  // Restarting the client is the step after a removal (or a clearing): with neither, there is
  // nothing to follow up, whatever is left to do by hand (manualSteps) is said on its own.
  const nextSteps =
    removed.length + cleared.length === 0
      ? []
      : [
          adapter.afterChange(running),
          `Then connect to the server again in ${adapter.displayName}; it registers afresh (or route it: \`mcp-companion route ${adapter.id}\`).`,
        ];
  if (dryRun || removed.length + cleared.length === 0)
    return { client: adapter.id, dryRun, running, removed, ...clearedState, manualSteps, nextSteps };

  const items: ResetBackupItem[] = [];
  let backup: string | undefined;
  try {
    for (const p of [...plan, ...gaveUp.plan]) items.push(...(await p.store.remove(p.items, (s) => host.seal(s))));
  } finally {
    // Written even when a later store fails, so whatever was removed can be put back.
    if (items.length) backup = writeResetBackup(host.dataDir, adapter.id, items, ctx.now());
  }
  host.recordEvent('client.reset', {
    client: adapter.id,
    removed: [...removed, ...cleared].map((r) => ({ server: r.server, store: r.store })),
  });
  return {
    client: adapter.id,
    dryRun,
    running,
    removed,
    ...clearedState,
    ...(backup ? { backup } : {}),
    manualSteps,
    nextSteps,
  };
}

/**
 * The "gave up on this server" items (see ClientAdapter.gaveUpStores) of the named entries, or of
 * all of them when `servers` is undefined. A store that cannot be read (e.g. a malformed cache
 * file) is skipped, untouched, and its message returned: it must not block clearing the rest.
 */
async function planGaveUp(
  adapter: ClientAdapter,
  deps: EngineDeps,
  entries: ClassifiedEntry[],
  servers: string[] | undefined,
) {
  const plan: Array<{ store: CredentialStore; items: StoredCredential[] }> = [];
  const problems: string[] = [];
  for (const store of adapter.gaveUpStores?.(deps.ctx) ?? []) {
    try {
      const all = await store.list(entries);
      const items = servers?.length ? all.filter((c) => servers.includes(c.server)) : all;
      if (items.length) plan.push({ store, items });
    } catch (err) {
      if (!isCompanionError(err)) throw err;
      problems.push(err.message);
    }
  }
  return { plan, problems };
}

/**
 * Route's hook: clears the gave-up state of the entries it routed (nothing else), backed up
 * sealed like a reset so `reset --undo` puts it back. Dry runs only report.
 */
export async function clearGaveUpState(
  adapter: ClientAdapter,
  deps: EngineDeps,
  names: string[],
  dryRun: boolean,
): Promise<{ result: Pick<RouteResult, 'clearedState' | 'stateBackup'>; notes: string[] }> {
  if (names.length === 0 || !adapter.gaveUpStores) return { result: {}, notes: [] };
  const { ctx, host } = deps;
  const entries = readAllEntries(adapter, deps, { includeRouted: true }).entries;
  const { plan, problems } = await planGaveUp(adapter, deps, entries, names);
  const clearedState = plan.flatMap((p) => p.items.map(publicView));
  if (dryRun || clearedState.length === 0)
    return { result: clearedState.length ? { clearedState } : {}, notes: problems };
  const items: ResetBackupItem[] = [];
  let stateBackup: string | undefined;
  try {
    for (const p of plan) {
      try {
        items.push(...(await p.store.remove(p.items, (s) => host.seal(s))));
      } catch (err) {
        if (!isCompanionError(err)) throw err;
        problems.push(err.message);
      }
    }
  } finally {
    if (items.length) stateBackup = writeResetBackup(host.dataDir, adapter.id, items, ctx.now());
  }
  const cleared = clearedState.filter((c) =>
    items.some((i) => 'key' in i && i.key === c.key && 'file' in i && i.file === c.store),
  );
  if (cleared.length)
    host.recordEvent('client.gave_up_cleared', { client: adapter.id, servers: cleared.map((c) => c.server) });
  return {
    result: { ...(cleared.length ? { clearedState: cleared } : {}), ...(stateBackup ? { stateBackup } : {}) },
    notes: problems,
  };
}

function publicView(c: StoredCredential): CachedCredential {
  const { handle: _handle, ...rest } = c;
  return rest;
}

function writeResetBackup(dataDir: string, client: string, items: ResetBackupItem[], now: number): string {
  const dir = resetBackupDir(dataDir, client);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let file = path.join(dir, `${timestampForFile(now)}.json`);
  for (let n = 1; fs.existsSync(file); n++) file = path.join(dir, `${timestampForFile(now)}-${n}.json`);
  const body: ResetBackupFile = { version: 1, client, at: new Date(now).toISOString(), items };
  writeFileAtomic(file, JSON.stringify(body, null, 2) + '\n', 0o600);
  return file;
}

/** The newest reset backup not yet undone. Names are ISO-like timestamps, so they sort by time. */
export function latestResetBackup(dataDir: string, client: string): string | undefined {
  const dir = resetBackupDir(dataDir, client);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const live = names.filter((n) => n.endsWith('.json') && !n.endsWith('.undone.json')).sort();
  const last = live[live.length - 1];
  return last ? path.join(dir, last) : undefined;
}

export async function undoReset(adapter: ClientAdapter, deps: EngineDeps): Promise<UndoResetResult> {
  const { ctx, host } = deps;
  const file = latestResetBackup(host.dataDir, adapter.id);
  if (!file)
    throw new CompanionError('not_found', `there is no reset of ${adapter.id} to undo`, { client: adapter.id });
  const body = JSON.parse(fs.readFileSync(file, 'utf8')) as ResetBackupFile;
  if (body.items.some((i) => i.kind.startsWith('sqlite')) && (await adapter.isRunning(ctx))) {
    throw new CompanionError(
      'client_running',
      `${adapter.displayName} is running: quit ${adapter.displayName} and run it again`,
      { client: adapter.id },
    );
  }
  const restored: UndoResetResult['restored'] = [];
  const skipped: UndoResetResult['skipped'] = [];
  for (const item of body.items) {
    const where = {
      store: 'file' in item ? item.file : item.service,
      key: 'key' in item ? item.key : 'matchValue' in item ? item.matchValue : path.basename(item.file),
    };
    try {
      const outcome = await restoreItem(item, ctx, (s) => host.open(s));
      if (outcome === 'restored') restored.push(where);
      else skipped.push({ ...where, reason: 'a newer value is there now; kept it' });
    } catch (err) {
      if (!isCompanionError(err)) throw err;
      skipped.push({ ...where, reason: err.message });
    }
  }
  fs.renameSync(file, file.replace(/\.json$/, '.undone.json'));
  host.recordEvent('client.reset_undone', { client: adapter.id, restored: restored.length });
  const running = await adapter.isRunning(ctx);
  return {
    client: adapter.id,
    backup: file,
    restored,
    skipped,
    nextSteps: restored.length ? [adapter.afterChange(running)] : [],
  };
}
