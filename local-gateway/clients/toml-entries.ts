// Codex TOML entries: where each `mcp_servers.<name>` is written and the text that replaces it.
// A server may be written as a table (`[mcp_servers.x]`, with its `[mcp_servers.x.*]`
// sub-tables right after it), as an inline table (`x = { … }` under `[mcp_servers]`,
// `mcp_servers.x = { … }`, or inside `mcp_servers = { x = { … } }`), or as a run of dotted keys
// (`mcp_servers.x.url = …`). Each layout is rewritten in the same layout, in place.

import {
  tomlKey,
  tomlValue,
  type TomlDoc,
  type TomlStatement,
  type TomlTable,
  type TomlValueSpan,
} from '../config-edit/toml-doc.js';
import { isObj, type Obj } from './entry-shapes.js';
import type { Scope } from './types.js';
import type { SourceEntry } from './config-source.js';
import { deepEqual } from './stable-json.js';

type Layout =
  | { kind: 'table'; blocks: TomlTable[] }
  | { kind: 'inline'; span: TomlValueSpan }
  | { kind: 'dotted'; table: TomlTable; stmts: TomlStatement[] }
  | { kind: 'manual'; why: string };

const HOME = 'mcp_servers';

/** Every `mcp_servers.<name>` object, with its range (or why it must be edited by hand). */
export function tomlEntries(doc: TomlDoc, file: string, scope: Scope): SourceEntry[] {
  const servers = isObj(doc.root[HOME]) ? doc.root[HOME] : {};
  const out: SourceEntry[] = [];
  for (const [name, value] of Object.entries(servers)) {
    if (!isObj(value)) continue;
    const base = { file, scope, name, locator: { kind: 'toml' as const, name }, value };
    const layout = layoutOf(doc, name);
    if (layout.kind === 'manual') {
      out.push({ ...base, start: 0, end: 0, raw: '', readOnly: `${layout.why}; edit it by hand` });
      continue;
    }
    const { start, end } = rangeOf(layout);
    out.push({ ...base, start, end, raw: doc.text.slice(start, end) });
  }
  return out;
}

/** The text that replaces `entry`'s range so that it reads back as `value`, in the same layout. */
export function renderTomlEntry(doc: TomlDoc, entry: SourceEntry, value: Obj, eol: string): string {
  const layout = layoutOf(doc, entry.name);
  if (layout.kind === 'table') return renderTable(doc, layout.blocks, entry.value, value, eol);
  if (layout.kind === 'inline') return renderInline(doc, entry.name, layout.span, entry.value, value);
  if (layout.kind === 'dotted') return renderDotted(doc, entry.name, layout, entry.value, value, eol);
  throw new Error(`mcp_servers.${entry.name} cannot be edited: ${layout.why}`);
}

function layoutOf(doc: TomlDoc, name: string): Layout {
  const own = (path: string[]) => path[0] === HOME && path[1] === name;
  const tableIdx = doc.tables.flatMap((t, i) => (own(t.keyPath) && t.keyPath.length >= 2 ? [i] : []));
  const tables = tableIdx.map((i) => doc.tables[i]!);
  const stmts = doc.tables.flatMap((t) =>
    tables.includes(t) ? [] : t.statements.filter((s) => own(absPath(t, s))).map((s) => ({ t, s })),
  );
  const split: Layout = { kind: 'manual', why: 'its TOML definition is split across the file' };

  if (tables.length > 0) {
    if (stmts.length > 0) return split;
    const [main] = tables;
    if (main!.keyPath.length !== 2 || main!.isArray)
      return { kind: 'manual', why: 'it is not written as a [mcp_servers.<name>] table' };
    // Sub-tables must follow the main table directly, or replacing one range would move them.
    if (tableIdx.some((idx, k) => idx !== tableIdx[0]! + k)) return split;
    return { kind: 'table', blocks: tables };
  }
  const span = doc.values.find((v) => v.path.length === 2 && own(v.path));
  if (span) {
    // A statement `x = { … }` / `mcp_servers.x = { … }`, or a key inside `mcp_servers = { … }`.
    const alone = stmts.length === 0 || (stmts.length === 1 && absPath(stmts[0]!.t, stmts[0]!.s).length === 2);
    return alone && doc.text[span.start] === '{' ? { kind: 'inline', span } : split;
  }
  if (stmts.length > 0) {
    const table = stmts[0]!.t;
    const first = table.statements.indexOf(stmts[0]!.s);
    const run = stmts.every(({ t, s }, k) => t === table && table.statements[first + k] === s);
    return run ? { kind: 'dotted', table, stmts: stmts.map((x) => x.s) } : split;
  }
  return { kind: 'manual', why: 'its TOML layout is not one the companion can edit' };
}

function absPath(t: TomlTable, s: TomlStatement): string[] {
  return [...t.keyPath, ...s.keyPath];
}

function rangeOf(layout: Exclude<Layout, { kind: 'manual' }>): { start: number; end: number } {
  if (layout.kind === 'inline') return { start: layout.span.start, end: layout.span.end };
  if (layout.kind === 'dotted')
    return { start: layout.stmts[0]!.start, end: layout.stmts[layout.stmts.length - 1]!.end };
  return { start: layout.blocks[0]!.start, end: tableEnd(layout.blocks[layout.blocks.length - 1]!) };
}

function tableEnd(t: TomlTable): number {
  return Math.max(t.headerEnd, ...t.statements.map((s) => s.end));
}

function renderTable(doc: TomlDoc, blocks: TomlTable[], before: Obj, value: Obj, eol: string): string {
  const [main, ...subs] = blocks;
  const lines = [doc.text.slice(main!.start, main!.headerEnd)];
  const tail: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const same = deepEqual(before[key], v);
    const stmts = main!.statements.filter((s) => s.keyPath[0] === key);
    const own = subs.filter((b) => b.keyPath[2] === key);
    if (same && stmts.length > 0 && own.length === 0)
      lines.push(...stmts.map((s) => withLead(doc, main!.statements, s, main!.headerEnd)));
    else if (same && own.length > 0 && stmts.length === 0) {
      // A kept sub-table keeps the blank lines and comments that lead up to it.
      for (const b of own)
        tail.push(doc.text.slice(tableEnd(blocks[blocks.indexOf(b) - 1]!), tableEnd(b)).replace(/^\r?\n/, ''));
    } else lines.push(`${tomlKey(key)} = ${tomlValue(v)}`);
  }
  return [...lines, ...tail].join(eol);
}

function renderInline(doc: TomlDoc, name: string, span: TomlValueSpan, before: Obj, value: Obj): string {
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const kept = deepEqual(before[key], v)
      ? doc.values.find(
          (x) =>
            x.start >= span.start &&
            x.end <= span.end &&
            x.path.length === 3 &&
            x.path[1] === name &&
            x.path[2] === key,
        )
      : undefined;
    parts.push(`${tomlKey(key)} = ${kept ? doc.text.slice(kept.start, kept.end) : tomlValue(v)}`);
  }
  return parts.length ? `{ ${parts.join(', ')} }` : '{}';
}

function renderDotted(
  doc: TomlDoc,
  name: string,
  layout: { table: TomlTable; stmts: TomlStatement[] },
  before: Obj,
  value: Obj,
  eol: string,
): string {
  const { table, stmts } = layout;
  const first = doc.text.slice(stmts[0]!.start, stmts[0]!.end);
  const indent = /^[ \t]*/.exec(first)![0];
  const prefix = [HOME, name].slice(table.keyPath.length).map(tomlKey).join('.');
  const lines: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const own = stmts.filter((s) => absPath(table, s)[2] === key);
    if (deepEqual(before[key], v) && own.length > 0) lines.push(...own.map((s) => withLead(doc, stmts, s, s.start)));
    else lines.push(`${indent}${prefix}.${tomlKey(key)} = ${tomlValue(v)}`);
  }
  return lines.join(eol);
}

/** A kept statement with the blank lines and comments right above it (back to `floor` for the first). */
function withLead(doc: TomlDoc, stmts: TomlStatement[], s: TomlStatement, floor: number): string {
  const i = stmts.indexOf(s);
  return doc.text.slice(i > 0 ? stmts[i - 1]!.end : floor, s.end).replace(/^\r?\n/, '');
}
