// JSON/JSONC documents edited in place: parse with exact error positions, find the text range
// of a value, and render replacement values in the file's own indentation and line ending.
// Edits are applied with jsonc-parser's applyEdits over ranges we compute, so every byte
// outside the replaced value (comments, trailing commas, unknown keys) stays as it was.

import {
  applyEdits,
  findNodeAtLocation,
  parseTree,
  printParseErrorCode,
  type Edit,
  type JSONPath,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { CompanionError } from '../core/errors.js';
import { lineCol } from './text-file.js';

export type { JSONPath };

export interface JsonDoc {
  text: string;
  root: Node | undefined;
}

/** Parses JSONC (comments and trailing commas allowed); throws config_unparseable with path:line:col. */
export function parseJsonDoc(text: string, file: string, opts: { requireObject?: boolean } = {}): JsonDoc {
  if (text.trim() === '') return { text, root: undefined };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const { line, col } = lineCol(text, first.offset);
    throw new CompanionError(
      'config_unparseable',
      `${file}:${line}:${col}: ${describeParseError(first)}; fix the file and try again (it was not changed)`,
      { file, line, col },
    );
  }
  if (root && root.type !== 'object' && opts.requireObject !== false) {
    throw new CompanionError(
      'config_unparseable',
      `${file}:1:1: the top level is not a JSON object; fix the file and try again (it was not changed)`,
      { file, line: 1, col: 1 },
    );
  }
  return { text, root };
}

function describeParseError(e: ParseError): string {
  const name = printParseErrorCode(e.error);
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function nodeAt(doc: JsonDoc, path: JSONPath): Node | undefined {
  return doc.root ? findNodeAtLocation(doc.root, path) : undefined;
}

export function nodeText(doc: JsonDoc, node: Node): string {
  return doc.text.slice(node.offset, node.offset + node.length);
}

/** Object properties of the node at `path` as [name, valueNode] pairs, in file order. */
export function objectEntries(doc: JsonDoc, path: JSONPath): Array<[string, Node]> {
  const node = nodeAt(doc, path);
  if (!node || node.type !== 'object') return [];
  const out: Array<[string, Node]> = [];
  for (const prop of node.children ?? []) {
    const key = prop.children?.[0];
    const value = prop.children?.[1];
    if (key && value && typeof key.value === 'string') out.push([key.value, value]);
  }
  return out;
}

/** The indentation unit the file uses (a tab or N spaces); 2 spaces when it cannot tell. */
export function detectIndentUnit(text: string): string {
  let best: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^([ \t]+)\S/.exec(line);
    if (!m) continue;
    const ws = m[1]!;
    if (ws.startsWith('\t')) return '\t';
    if (best === undefined || ws.length < best.length) best = ws;
  }
  return best ?? '  ';
}

/** Leading whitespace of the line that contains `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/**
 * Renders an object as JSON text to sit at a place whose line is indented by `baseIndent`.
 * `reuse(key, value)` may return the original source text of an unchanged property value,
 * so comments inside kept fields survive.
 */
export function renderObject(
  value: Record<string, unknown>,
  opts: { unit: string; baseIndent: string; eol: string; reuse?: (key: string, value: unknown) => string | undefined },
): string {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (keys.length === 0) return '{}';
  const inner = opts.baseIndent + opts.unit;
  const props = keys.map((k) => {
    const reused = opts.reuse?.(k, value[k]);
    const text = reused ?? indentJson(prettyJson(value[k], opts.unit, ''), inner, opts.eol);
    return `${inner}${JSON.stringify(k)}: ${text}`;
  });
  return `{${opts.eol}${props.join(`,${opts.eol}`)}${opts.eol}${opts.baseIndent}}`;
}

/** JSON.stringify-like, but short arrays of scalars stay on one line, as people write them. */
function prettyJson(v: unknown, unit: string, indent: string): string {
  const next = indent + unit;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const inline = `[${v.map((x) => JSON.stringify(x) ?? 'null').join(', ')}]`;
    if (v.every((x) => x === null || typeof x !== 'object') && inline.length <= 80) return inline;
    return `[\n${v.map((x) => next + prettyJson(x, unit, next)).join(',\n')}\n${indent}]`;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${next}${JSON.stringify(k)}: ${prettyJson(x, unit, next)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function indentJson(json: string, indent: string, eol: string): string {
  return json.split('\n').join(eol + indent);
}

export interface RangeEdit {
  offset: number;
  length: number;
  content: string;
}

export function applyRangeEdits(text: string, edits: RangeEdit[]): string {
  return applyEdits(text, edits as Edit[]);
}
