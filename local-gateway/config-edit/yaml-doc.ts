// YAML documents edited in place, read by the `yaml` package (its Document API keeps every
// node's source range). We never re-serialise a whole YAML file: edits replace the text range
// of one entry (a mapping under a map key, or a named item of a sequence), so comments, anchors
// and layout elsewhere stay byte-for-byte. A file with a syntax error, or with more than one
// document, is refused (path:line:col) instead of being half-edited.

import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { CompanionError } from '../core/errors.js';
import { lineCol } from './text-file.js';

type Obj = Record<string, unknown>;

export interface YamlDoc {
  text: string;
  doc: Document.Parsed | undefined;
  /** The whole document as plain data (aliases resolved). */
  root: unknown;
}

/** One mapping inside a container: a map value (`name:` key) or a sequence item with a `name` field. */
export interface YamlEntry {
  name: string;
  /** Path from the root to the entry's node (sequence items by index). */
  path: Array<string | number>;
  value: Obj;
  start: number;
  end: number;
  /** Why it cannot be edited in place (anchors, aliases, tags). */
  readOnly?: string;
}

export function parseYamlDoc(text: string, file: string): YamlDoc {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const first = list[0];
  if (!first) return { text, doc: undefined, root: undefined };
  const error = list.flatMap((d) => d.errors)[0];
  if (error) refuse(text, file, error.pos[0], error.message);
  if (list.length > 1) refuse(text, file, list[1]!.range[0], 'the file holds more than one YAML document');
  if (first.contents !== null && !isMap(first.contents))
    refuse(text, file, first.contents.range?.[0] ?? 0, 'the top level is not a mapping');
  let root: unknown;
  try {
    root = first.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    refuse(text, file, 0, (err as Error).message);
  }
  return { text, doc: first, root: root ?? {} };
}

function refuse(text: string, file: string, offset: number, message: string): never {
  const { line, col } = lineCol(text, offset);
  const problem = message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
  throw new CompanionError(
    'config_unparseable',
    `${file}:${line}:${col}: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}; fix the file and try again (it was not changed)`,
    { file, line, col },
  );
}

/**
 * The mappings held at `path`: the values of a map (named by their keys), or the items of a
 * sequence that carry a string `nameField` (Continue's `mcpServers: [{ name: … }]`).
 */
export function yamlEntries(doc: YamlDoc, path: Array<string | number>, nameField = 'name'): YamlEntry[] {
  const node = doc.doc?.getIn(path, true);
  const out: YamlEntry[] = [];
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== 'string' && typeof key !== 'number') continue;
      const entry = entryOf(doc, String(key), [...path, key], pair.value);
      if (entry) out.push(entry);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (!isMap(item)) return;
      const name = item.get(nameField);
      if (typeof name === 'string') {
        const entry = entryOf(doc, name, [...path, i], item);
        if (entry) out.push(entry);
      }
    });
  }
  return out;
}

function entryOf(doc: YamlDoc, name: string, path: Array<string | number>, node: unknown): YamlEntry | undefined {
  if (!isMap(node) || !node.range) return undefined;
  const value = valueAt(doc.root, path);
  if (!value) return undefined;
  const start = node.range[0];
  const end = trimEnd(doc.text, start, node.range[1]);
  const readOnly = uneditable(node);
  return { name, path, value, start, end, ...(readOnly ? { readOnly } : {}) };
}

function valueAt(root: unknown, path: Array<string | number>): Obj | undefined {
  let v = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Obj)[k as string] : undefined;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** A block node's range runs over the newline that ends it; the entry's text stops before. */
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

/** Rewriting an entry that defines an anchor, uses an alias or a tag could break or change it. */
function uneditable(node: YAMLMap): string | undefined {
  let why: string | undefined;
  visit(node, (_key, n) => {
    if (isAlias(n)) why = 'it uses a YAML alias';
    else if ((isMap(n) || isSeq(n) || isScalar(n)) && n.anchor) why = 'it defines a YAML anchor';
    else if ((isMap(n) || isSeq(n) || isScalar(n)) && n.tag && !n.tag.startsWith('tag:yaml.org,2002:'))
      why = `it uses the YAML tag ${n.tag}`;
    if (why) return visit.BREAK;
    return undefined;
  });
  return why;
}

/** The indentation step of the file's block mappings: key line to its first child (2 when it cannot tell). */
function indentUnit(text: string): number {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  let best: number | undefined;
  lines.forEach((line, i) => {
    const m = /^( *)(- +)?[^\s#][^#]*:\s*(#.*)?$/.exec(line);
    const next = lines[i + 1];
    if (!m || next === undefined) return;
    const step = /^ */.exec(next)![0].length - (m[1]!.length + (m[2]?.length ?? 0));
    if (step > 0 && (best === undefined || step < best)) best = step;
  });
  return best ?? 2;
}

/**
 * The text that replaces the entry's range so that it reads back as `value`: a flow mapping
 * stays a flow mapping; a block mapping is written in block style at the entry's column, each
 * unchanged field keeping its exact text (and any comments inside it).
 */
export function renderYamlEntry(doc: YamlDoc, entry: YamlEntry, value: Obj, eol: string): string {
  const node = doc.doc?.getIn(entry.path, true);
  if (isMap(node) && node.flow) return flowText(value);
  const column = entry.start - (doc.text.lastIndexOf('\n', entry.start - 1) + 1);
  const pad = ' '.repeat(column);
  const originals = new Map<string, Pair>();
  if (isMap(node))
    for (const p of node.items) if (isPair(p) && isScalar(p.key)) originals.set(String(p.key.value), p as Pair);
  const unit = indentUnit(doc.text);
  const blocks: string[] = [];
  const before = entry.value;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const kept = originals.get(key);
    const reused = kept && sameValue(before[key], v) ? pairText(doc.text, kept) : undefined;
    blocks.push(reused ?? freshPair(key, v, unit).split('\n').join(`${eol}${pad}`));
  }
  if (blocks.length === 0) return '{}';
  return blocks.join(`${eol}${pad}`);
}

function pairText(text: string, pair: Pair): string | undefined {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  if (!key?.range) return undefined;
  let end = value?.range ? value.range[1] : key.range[1];
  // A scalar keeps the comment that follows it on its line.
  if (isScalar(value) && value.range) {
    const eol = text.indexOf('\n', value.range[1]);
    end = Math.min(value.range[2], eol < 0 ? text.length : eol);
  }
  return text.slice(key.range[0], trimEnd(text, key.range[0], end));
}

function freshPair(key: string, v: unknown, unit: number): string {
  const d = new Document({ [key]: v });
  return d.toString({ indent: unit, lineWidth: 0, minContentWidth: 0 }).replace(/\n+$/, '');
}

function flowText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flowText).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const parts = Object.entries(v as Obj)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}: ${flowText(x)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return JSON.stringify(v) ?? 'null';
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v as Obj)
        .sort()
        .map((k) => [k, sorted((v as Obj)[k])]),
    );
  return v;
}

/**
 * The value of an entry's own text as written in the file (its first line starts at its
 * column, the others keep their indentation), e.g. a routed entry's original for unroute.
 */
export function parseYamlFragment(raw: string, file: string): Obj | undefined {
  const lines = raw.split('\n');
  const rest = lines.slice(1).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const pad = rest.length ? Math.min(...rest.map((l) => /^ */.exec(l)![0].length)) : 0;
  const parsed = parseYamlDoc(' '.repeat(pad) + raw, file);
  const v = parsed.root;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
