// Entries of one config file with the exact text range each occupies, for JSON/JSONC and for
// Codex TOML (see toml-entries.ts), and rendering of a replacement entry in the file's own
// style. Route and unroute only ever replace these ranges, so every other byte of the file
// stays as it was.

import { getNodeValue, type Node } from 'jsonc-parser';
import {
  detectIndentUnit,
  lineIndentAt,
  nodeAt,
  nodeText,
  objectEntries,
  parseJsonDoc,
  renderObject,
  type JsonDoc,
} from '../config-edit/jsonc-doc.js';
import { parseToml, type TomlDoc } from '../config-edit/toml-doc.js';
import { parseYamlDoc, renderYamlEntry, yamlEntries, type YamlDoc, type YamlEntry } from '../config-edit/yaml-doc.js';
import type { Obj } from './entry-shapes.js';
import { deepEqual } from './stable-json.js';
import { renderTomlEntry, tomlEntries } from './toml-entries.js';
import { CompanionError } from '../core/errors.js';
import type { ConfigFileSpec, ConfigFormat, EntryLocator, RawEntry, Scope } from './types.js';

export interface SourceEntry extends RawEntry {
  start: number;
  end: number;
  raw: string;
}

export type ParsedSource =
  { format: 'json'; doc: JsonDoc } | { format: 'toml'; doc: TomlDoc } | { format: 'yaml'; doc: YamlDoc };

export function parseSource(format: ConfigFormat, text: string, file: string): ParsedSource {
  if (format === 'toml') return { format, doc: parseToml(text, file) };
  if (format === 'yaml') return { format, doc: parseYamlDoc(text, file) };
  return { format, doc: parseJsonDoc(text, file) };
}

/** The format an entry's locator was made for (unroute and doctor re-read the file with it). */
export function locatorFormat(locator: EntryLocator): ConfigFormat {
  return locator.kind;
}

export function defaultContainers(
  scope: Scope,
): (root: unknown) => Array<{ path: Array<string | number>; scope: Scope }> {
  return () => [{ path: ['mcpServers'], scope }];
}

/** All entries of the file (throws config_unparseable when it does not parse). */
export function readSourceEntries(spec: ConfigFileSpec, text: string): SourceEntry[] {
  return sourceEntries(spec, parseSource(spec.format, text, spec.path));
}

/** All entries of an already parsed file (throws config_unparseable on a duplicate entry). */
export function sourceEntries(spec: ConfigFileSpec, parsed: ParsedSource): SourceEntry[] {
  if (parsed.format === 'toml') return tomlEntries(parsed.doc, spec.path, spec.scope);
  if (parsed.format === 'yaml') return yamlSourceEntries(spec, parsed.doc);
  const doc = parsed.doc;
  const rootValue = doc.root ? getNodeValue(doc.root) : {};
  const out: SourceEntry[] = [];
  for (const c of (spec.containers ?? defaultContainers(spec.scope))(rootValue)) {
    const seen = new Set<string>();
    for (const [name, node] of objectEntries(doc, c.path)) {
      // Clients disagree on which of two same-named entries wins; editing either could change
      // the one the user relies on, so such a file is refused until the user settles it.
      if (seen.has(name)) {
        throw new CompanionError(
          'config_unparseable',
          `${spec.path}: the entry "${name}" appears twice in ${c.path.join('.')}; remove one and try again (the file was not changed)`,
          { file: spec.path },
        );
      }
      seen.add(name);
      if (node.type !== 'object') continue;
      out.push(jsonEntry(doc, spec.path, c.scope, name, [...c.path, name], node));
    }
  }
  return out;
}

function yamlSourceEntries(spec: ConfigFileSpec, doc: YamlDoc): SourceEntry[] {
  const out: SourceEntry[] = [];
  for (const c of (spec.containers ?? defaultContainers(spec.scope))(doc.root)) {
    const entries = yamlEntries(doc, c.path);
    const seen = new Set<string>();
    for (const e of entries) {
      if (seen.has(e.name)) {
        throw new CompanionError(
          'config_unparseable',
          `${spec.path}: the entry "${e.name}" appears twice in ${c.path.join('.')}; remove one and try again (the file was not changed)`,
          { file: spec.path },
        );
      }
      seen.add(e.name);
      out.push(yamlSourceEntry(doc, spec.path, c.scope, c.path, e));
    }
  }
  return out;
}

function yamlSourceEntry(
  doc: YamlDoc,
  file: string,
  scope: Scope,
  container: Array<string | number>,
  e: YamlEntry,
): SourceEntry {
  return {
    file,
    scope,
    name: e.name,
    locator: { kind: 'yaml', container, name: e.name },
    value: e.value,
    start: e.start,
    end: e.end,
    raw: doc.text.slice(e.start, e.end),
    ...(e.readOnly ? { readOnly: `${e.readOnly}; edit it by hand` } : {}),
  };
}

function jsonEntry(
  doc: JsonDoc,
  file: string,
  scope: Scope,
  name: string,
  path: Array<string | number>,
  node: Node,
): SourceEntry {
  return {
    file,
    scope,
    name,
    locator: { kind: 'json', path },
    value: getNodeValue(node) as Obj,
    start: node.offset,
    end: node.offset + node.length,
    raw: nodeText(doc, node),
  };
}

/** Finds one entry by locator (for unroute, where the file may have changed since route). */
export function findEntry(parsed: ParsedSource, file: string, locator: EntryLocator): SourceEntry | undefined {
  if (parsed.format === 'json' && locator.kind === 'json') {
    const node = nodeAt(parsed.doc, locator.path);
    if (!node || node.type !== 'object') return undefined;
    return jsonEntry(parsed.doc, file, 'user', String(locator.path[locator.path.length - 1]), locator.path, node);
  }
  if (parsed.format === 'toml' && locator.kind === 'toml')
    return tomlEntries(parsed.doc, file, 'user').find((e) => e.name === locator.name && !e.readOnly);
  if (parsed.format === 'yaml' && locator.kind === 'yaml') {
    const found = yamlEntries(parsed.doc, locator.container).filter((e) => e.name === locator.name);
    // Two entries of that name now: which one we routed cannot be told, so neither is touched.
    return found.length === 1 && !found[0]!.readOnly
      ? yamlSourceEntry(parsed.doc, file, 'user', locator.container, found[0]!)
      : undefined;
  }
  return undefined;
}

/** The text that replaces `entry`'s range so that it reads back as `value`. */
export function renderEntry(parsed: ParsedSource, entry: SourceEntry, value: Obj, eol: string): string {
  if (parsed.format === 'yaml') {
    const path = yamlEntries(parsed.doc, entry.locator.kind === 'yaml' ? entry.locator.container : []).find(
      (e) => e.start === entry.start,
    )?.path;
    if (!path) throw new Error(`${entry.file}: the YAML entry ${entry.name} moved while it was being edited`);
    return renderYamlEntry(parsed.doc, { ...entry, path }, value, eol);
  }
  return parsed.format === 'json'
    ? renderJsonEntry(parsed.doc, entry, value, eol)
    : renderTomlEntry(parsed.doc, entry, value, eol);
}

function renderJsonEntry(doc: JsonDoc, entry: SourceEntry, value: Obj, eol: string): string {
  const path = entry.locator.kind === 'json' ? entry.locator.path : [];
  const originals = new Map(objectEntries(doc, path));
  return renderObject(value, {
    unit: detectIndentUnit(doc.text),
    baseIndent: lineIndentAt(doc.text, entry.start),
    eol,
    // Unchanged fields keep their exact text (and any comments inside them).
    reuse: (key, v) => {
      const node = originals.get(key);
      return node && deepEqual(getNodeValue(node), v) ? nodeText(doc, node) : undefined;
    },
  });
}
