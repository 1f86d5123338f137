// route / unroute for any adapter. Each config file is edited once, under its lock, from a
// fresh read; only the ranges of the entries we own are replaced.

import fs from 'node:fs';
import { getNodeValue } from 'jsonc-parser';
import { applyRangeEdits, parseJsonDoc, type RangeEdit } from '../config-edit/jsonc-doc.js';
import { parseToml } from '../config-edit/toml-doc.js';
import { parseYamlFragment } from '../config-edit/yaml-doc.js';
import { editTextFile } from '../config-edit/edit-file.js';
import { isCompanionError } from '../core/errors.js';
import {
  findEntry,
  locatorFormat,
  parseSource,
  renderEntry,
  sourceEntries,
  type ParsedSource,
  type SourceEntry,
} from './config-source.js';
import { BRIDGE_TOKEN_ENV, isObj, keptFields, secretsOf, type Obj } from './entry-shapes.js';
import { clearGaveUpState } from './reset.js';
import {
  loadRouteRecord,
  originalText,
  sameLocator,
  saveRouteRecord,
  valueHash,
  type RouteRecordEntry,
} from './route-record.js';
import type {
  ClientAdapter,
  ConfigFileSpec,
  ConfigFormat,
  EngineDeps,
  FileChange,
  RemoteTarget,
  RouteOptions,
  RouteResult,
  RoutedEntryResult,
  UnrouteResult,
  UnroutedEntryResult,
} from './types.js';

const DRY_RUN_TOKEN = '<local token>';

export function existingConfigFiles(adapter: ClientAdapter, deps: EngineDeps): ConfigFileSpec[] {
  return adapter.configFiles(deps.ctx).filter((s) => fs.existsSync(s.path));
}

export async function routeClient(adapter: ClientAdapter, deps: EngineDeps, opts: RouteOptions): Promise<RouteResult> {
  const { host, ctx } = deps;
  const dryRun = opts.dryRun ?? false;
  const specs = existingConfigFiles(adapter, deps);
  // Refuse before writing anything when any of the client's files does not parse. Each file is
  // parsed once: the edit below reuses this parse unless the file changed in between.
  const parsedFirst = new Map(
    specs.map((spec) => [spec, parseFile(spec, fs.readFileSync(spec.path, 'utf8').replace(/^\uFEFF/, ''))]),
  );

  const entries: RoutedEntryResult[] = [];
  const files: FileChange[] = [];
  const newRecords: RouteRecordEntry[] = [];
  const secrets: string[] = [];
  try {
    for (const spec of specs) {
      const outcome = editTextFile({
        ...editSettings(adapter, deps, spec.path, dryRun, secrets),
        plan: ({ text, eol }) => {
          const first = parsedFirst.get(spec)!;
          const { parsed, entries: found } = first.text === text ? first : parseFile(spec, text);
          const edits: RangeEdit[] = [];
          const results: RoutedEntryResult[] = [];
          const records: RouteRecordEntry[] = [];
          for (const entry of found) {
            if (opts.servers?.length && !opts.servers.includes(entry.name)) continue;
            const cls = adapter.classify(entry.value);
            const base = { name: entry.name, file: entry.file, scope: entry.scope };
            if (cls.kind === 'local') continue;
            if (cls.kind === 'routed') {
              results.push({ ...base, status: 'already-routed' });
              continue;
            }
            if (entry.readOnly) {
              results.push({ ...base, status: 'skipped', reason: entry.readOnly });
              continue;
            }
            const remote = cls.remote!;
            const routed = routedValue(adapter, deps, entry, remote, dryRun);
            secrets.push(...secretsOf(entry.value, remote), routed.token);
            edits.push({
              offset: entry.start,
              length: entry.end - entry.start,
              content: renderEntry(parsed, entry, routed.value, eol),
            });
            results.push({ ...base, status: 'routed', upstream: routed.upstream, mode: routed.mode });
            const sealIt = secretsOf(entry.value, remote).length > 0;
            records.push({
              file: entry.file,
              locator: entry.locator,
              name: entry.name,
              upstream: routed.upstream,
              mode: routed.mode,
              routedHash: valueHash(routed.value),
              ...(sealIt ? { sealedOriginal: host.seal(entry.raw) } : { original: entry.raw }),
              routedAt: new Date(ctx.now()).toISOString(),
            });
          }
          return { text: applyRangeEdits(text, edits), result: { results, records } };
        },
      });
      entries.push(...outcome.result.results);
      newRecords.push(...outcome.result.records);
      files.push(fileChange(outcome));
    }
  } finally {
    // Also when a later file is refused (locked, busy, read-only): the files already routed
    // must stay known, or unroute could never give their entries back.
    if (!dryRun && newRecords.length > 0) {
      const record = loadRouteRecord(host.dataDir, adapter.id);
      record.entries = [
        ...record.entries.filter(
          (e) => !newRecords.some((n) => n.file === e.file && sameLocator(n.locator, e.locator)),
        ),
        ...newRecords,
      ];
      saveRouteRecord(host.dataDir, record);
      host.recordEvent('client.routed', { client: adapter.id, entries: newRecords.map((r) => r.name) });
    }
  }

  for (const wanted of opts.servers ?? []) {
    if (!entries.some((e) => e.name === wanted))
      entries.push({
        name: wanted,
        file: '',
        scope: 'user',
        status: 'skipped',
        reason: `${adapter.displayName} has no remote MCP entry named "${wanted}"`,
      });
  }
  // Routing changes the URL but not the name: drop per-name "gave up" verdicts (reset.ts).
  const gaveUp = await clearGaveUpState(
    adapter,
    deps,
    entries.filter((e) => e.status !== 'skipped').map((e) => e.name),
    dryRun,
  );
  const changed = files.some((f) => f.changed) || !!gaveUp.result.clearedState;
  const running = changed ? await adapter.isRunning(ctx) : false;
  return {
    client: adapter.id,
    dryRun,
    entries,
    files,
    ...gaveUp.result,
    nextSteps: [...(changed ? [adapter.afterChange(running)] : []), ...gaveUp.notes],
  };
}

/** What route and unroute give every config edit besides its plan: where, who, and what to hide. */
function editSettings(
  adapter: ClientAdapter,
  { host, ctx }: EngineDeps,
  file: string,
  dryRun: boolean,
  secrets: string[],
) {
  return {
    file,
    dataDir: host.dataDir,
    label: adapter.id,
    dryRun,
    now: ctx.now,
    redact: () => secrets,
    seal: (plain: string) => host.seal(plain),
  };
}

function fileChange(outcome: { file: string; changed: boolean; diff: string; backup?: string }): FileChange {
  return {
    file: outcome.file,
    changed: outcome.changed,
    diff: outcome.diff,
    ...(outcome.backup ? { backup: outcome.backup } : {}),
  };
}

function parseFile(spec: ConfigFileSpec, text: string): { text: string; parsed: ParsedSource; entries: SourceEntry[] } {
  const parsed = parseSource(spec.format, text, spec.path);
  return { text, parsed, entries: sourceEntries(spec, parsed) };
}

function routedValue(
  adapter: ClientAdapter,
  deps: EngineDeps,
  entry: SourceEntry,
  remote: RemoteTarget,
  dryRun: boolean,
) {
  const { host } = deps;
  const headers = remote.via === 'mcp-remote' ? expandFromEnv(remote.headers, entry.value) : remote.headers;
  const upstream = dryRun
    ? entry.name
    : host.adoptServer({ url: remote.url, transport: remote.transport, headers, suggestedName: entry.name }).name;
  const token = dryRun ? DRY_RUN_TOKEN : host.localToken(adapter.id, upstream);
  if (adapter.httpCapable && remote.via === 'http' && adapter.routedHttpEntry) {
    const url = host.localEndpoint(upstream, remote.transport === 'sse' ? 'sse' : 'mcp');
    return {
      upstream,
      token,
      mode: 'http' as const,
      value: adapter.routedHttpEntry(entry.value, { url, token, transport: remote.transport }),
    };
  }
  const bc = host.bridgeCommand(upstream);
  const value = adapter.routedBridgeEntry
    ? adapter.routedBridgeEntry(entry.value, bc, token)
    : { command: bc.command, args: bc.args, env: { ...bc.env, [BRIDGE_TOKEN_ENV]: token }, ...keptFields(entry.value) };
  return { upstream, token, mode: 'bridge' as const, value };
}

/** Header/env values of an entry's original text, to hide them in previews. */
function secretsOfRaw(format: ConfigFormat, raw: string, file: string): string[] {
  try {
    if (format === 'yaml') return objectsIn(parseYamlFragment(raw, file)).flatMap((v) => secretsOf(v));
    if (format === 'json') {
      const doc = parseJsonDoc(`{"e":${raw}}`, file);
      return secretsOf(((doc.root ? getNodeValue(doc.root) : {}) as { e?: Obj }).e ?? {});
    }
    // A TOML entry's text is a table, a run of dotted keys, or an inline table `{ … }`.
    return objectsIn(
      raw.trimStart().startsWith('{') ? parseToml(`v = ${raw}`, file).root : parseToml(raw, file).root,
    ).flatMap((v) => secretsOf(v));
  } catch {
    return [];
  }
}

function objectsIn(v: unknown): Obj[] {
  return isObj(v) ? [v, ...Object.values(v).flatMap(objectsIn)] : [];
}

/** mcp-remote replaces `${VAR}` in `--header` values from its env, which includes the entry's `env`. */
function expandFromEnv(headers: Record<string, string>, value: Obj): Record<string, string> {
  const env = (value.env ?? value.environment ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    out[k] = v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string) =>
      typeof env[name] === 'string' ? (env[name] as string) : m,
    );
  return out;
}

export async function unrouteClient(
  adapter: ClientAdapter,
  deps: EngineDeps,
  opts: { dryRun?: boolean },
): Promise<UnrouteResult> {
  const { host, ctx } = deps;
  const dryRun = opts.dryRun ?? false;
  const record = loadRouteRecord(host.dataDir, adapter.id);
  const entries: UnroutedEntryResult[] = [];
  const files: FileChange[] = [];
  const keep: RouteRecordEntry[] = [];
  const byFile = new Map<string, RouteRecordEntry[]>();
  for (const e of record.entries) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);

  for (const [file, recs] of byFile) {
    const secrets: string[] = [];
    if (!fs.existsSync(file)) {
      entries.push(
        ...recs.map((r) => ({
          name: r.name,
          file,
          status: 'gone' as const,
          reason: 'the config file no longer exists',
        })),
      );
      continue;
    }
    const format = locatorFormat(recs[0]!.locator);
    try {
      const outcome = editTextFile({
        ...editSettings(adapter, deps, file, dryRun, secrets),
        plan: ({ text }) => {
          const parsed = parseSource(format, text, file);
          const edits: RangeEdit[] = [];
          const results: UnroutedEntryResult[] = [];
          const kept: RouteRecordEntry[] = [];
          for (const r of recs) {
            const current = findEntry(parsed, file, r.locator);
            if (current) secrets.push(...secretsOf(current.value));
            if (!current) {
              results.push({
                name: r.name,
                file,
                status: 'gone',
                reason: 'the entry was removed or renamed since it was routed',
              });
            } else if (valueHash(current.value) !== r.routedHash) {
              kept.push(r);
              results.push({
                name: r.name,
                file,
                status: 'modified-left',
                reason: 'the entry was changed since it was routed; left as it is (restore it by hand if needed)',
              });
            } else {
              const original = originalText(r, (s) => host.open(s));
              secrets.push(...secretsOfRaw(format, original, file));
              edits.push({ offset: current.start, length: current.end - current.start, content: original });
              results.push({ name: r.name, file, status: 'restored' });
            }
          }
          return { text: applyRangeEdits(text, edits), result: { results, kept } };
        },
      });
      entries.push(...outcome.result.results);
      keep.push(...outcome.result.kept);
      files.push(fileChange(outcome));
    } catch (err) {
      if (!isCompanionError(err)) throw err;
      keep.push(...recs);
      entries.push(...recs.map((r) => ({ name: r.name, file, status: 'file-error' as const, reason: err.message })));
      files.push({ file, changed: false, diff: '', error: err.message });
    }
  }

  if (!dryRun && record.entries.length > 0) {
    saveRouteRecord(host.dataDir, { ...record, entries: keep });
    if (keep.length === 0) host.revokeLocalToken(adapter.id);
    host.recordEvent('client.unrouted', {
      client: adapter.id,
      entries: entries.filter((e) => e.status === 'restored').map((e) => e.name),
    });
  }
  const changed = files.some((f) => f.changed);
  const running = changed ? await adapter.isRunning(ctx) : false;
  return { client: adapter.id, dryRun, entries, files, nextSteps: changed ? [adapter.afterChange(running)] : [] };
}
