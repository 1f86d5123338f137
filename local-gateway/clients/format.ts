// Plain-text printers for the CLI commands `clients`, `route`, `unroute`, `reset`, `doctor`.
// They only rearrange the JSON results; no secret value is ever part of those results.

import { KEEP_CONFIG_BACKUPS } from '../config-edit/backup.js';
import type { ClientDescription, Finding, ResetResult, RouteResult, UndoResetResult, UnrouteResult } from './types.js';
import type { UnsupportedClient } from './unsupported.js';

export function formatClients(list: ClientDescription[]): string {
  const out: string[] = [];
  for (const c of list) {
    const state = [
      c.installed ? 'installed' : 'not found',
      c.configured ? 'configured' : 'no MCP servers',
      ...(c.running ? ['running'] : []),
    ].join(', ');
    out.push(`${c.name} (${c.id}): ${state}`);
    for (const f of c.configFiles.filter((f) => f.exists))
      out.push(`  config  ${f.path} [${f.scope}]${f.error ? `  ERROR ${f.error}` : ''}`);
    for (const e of c.entries)
      out.push(
        `  server  ${e.name}  ${e.kind === 'routed' ? 'routed via companion' : `${e.via === 'mcp-remote' ? 'mcp-remote → ' : ''}${e.url ?? ''}`}${e.readOnly ? '  (manual)' : ''}`,
      );
    for (const k of c.cachedCredentials)
      out.push(
        `  cached  ${k.server}${k.clientId ? `  client_id ${k.clientId}` : ''}${k.ageDays !== undefined ? `  ${k.ageDays}d old` : ''}  in ${k.store}`,
      );
    for (const n of c.notes) out.push(`  note    ${n}`);
  }
  return out.join('\n') + '\n';
}

/** Clients with no file the companion can edit: why, and the steps to do by hand. */
export function formatUnsupported(list: readonly UnsupportedClient[]): string {
  if (list.length === 0) return '';
  const out = ['', 'Not supported (no file-based MCP config): configure these by hand'];
  for (const u of list) {
    out.push(`${u.name} (${u.id}): ${u.why}`);
    u.manualSteps.forEach((s, i) => out.push(`  ${i + 1}. ${s}`));
  }
  return out.join('\n') + '\n';
}

export function formatRouteResult(r: RouteResult): string {
  const out: string[] = [];
  for (const e of r.entries) {
    const how = e.mode === 'bridge' ? 'stdio bridge' : 'local HTTP';
    if (e.status === 'routed')
      out.push(`${r.dryRun ? 'would route' : 'routed'}  ${e.name} → ${e.upstream} (${how})  [${e.file}]`);
    else if (e.status === 'already-routed') out.push(`already routed  ${e.name}  [${e.file}]`);
    else out.push(`skipped  ${e.name}: ${e.reason ?? ''}`);
  }
  if (r.entries.length === 0) out.push(`No remote MCP entries to route for ${r.client}.`);
  for (const c of r.clearedState ?? [])
    out.push(`${r.dryRun ? 'would clear' : 'cleared'}  cached "needs authentication" of ${c.server}  in ${c.store}`);
  if (r.stateBackup) out.push(`backup  ${r.stateBackup}  (undo: mcp-companion reset --undo ${r.client})`);
  out.push(...fileLines(r.files, r.dryRun), ...r.nextSteps.map((s) => `Next: ${s}`));
  return out.join('\n') + '\n';
}

export function formatUnrouteResult(r: UnrouteResult): string {
  const out: string[] = [];
  for (const e of r.entries)
    out.push(
      `${e.status === 'restored' ? (r.dryRun ? 'would restore' : 'restored') : e.status}  ${e.name}  [${e.file}]${e.reason ? `: ${e.reason}` : ''}`,
    );
  if (r.entries.length === 0) out.push(`Nothing of ${r.client} is routed.`);
  out.push(...fileLines(r.files, r.dryRun), ...r.nextSteps.map((s) => `Next: ${s}`));
  return out.join('\n') + '\n';
}

function fileLines(
  files: Array<{ file: string; changed: boolean; diff: string; backup?: string; error?: string }>,
  dryRun: boolean,
): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (f.error) out.push(`error  ${f.error}`);
    else if (dryRun && f.changed) out.push(f.diff.trimEnd());
    else if (f.changed)
      out.push(
        `wrote  ${f.file}${f.backup ? `  (encrypted backup: ${f.backup}; the last ${KEEP_CONFIG_BACKUPS} per file are kept)` : ''}`,
      );
  }
  return out;
}

export function formatResetResult(r: ResetResult): string {
  const out: string[] = [];
  const verb = r.dryRun ? 'would remove' : 'removed';
  for (const c of r.removed)
    out.push(`${verb}  ${c.server}${c.clientId ? `  client_id ${c.clientId}` : ''}  from ${c.store}`);
  if (r.removed.length === 0) out.push(`No cached MCP credentials of ${r.client} found.`);
  for (const c of r.clearedState ?? [])
    out.push(`${r.dryRun ? 'would clear' : 'cleared'}  cached "needs authentication" of ${c.server}  in ${c.store}`);
  if (r.backup) out.push(`backup  ${r.backup}  (undo: mcp-companion reset --undo ${r.client})`);
  for (const s of r.manualSteps) out.push(`By hand: ${s}`);
  for (const s of r.nextSteps) out.push(`Next: ${s}`);
  return out.join('\n') + '\n';
}

export function formatUndoResetResult(r: UndoResetResult): string {
  const out = r.restored.map((x) => `restored  ${x.key}  in ${x.store}`);
  out.push(...r.skipped.map((x) => `kept current  ${x.key}  in ${x.store}: ${x.reason}`));
  out.push(...r.nextSteps.map((s) => `Next: ${s}`));
  return out.join('\n') + '\n';
}

/** Client findings, or doctor's (which add ones about the companion itself). */
export function formatFindings(findings: Array<Omit<Finding, 'client'> & { client: string }>): string {
  if (findings.length === 0) return 'No problems found.\n';
  const mark = { error: 'ERROR', warning: 'WARN ', info: 'info ' } as const;
  return findings.map((f) => `${mark[f.severity]} [${f.client}] ${f.problem}\n       fix: ${f.fix}`).join('\n') + '\n';
}
