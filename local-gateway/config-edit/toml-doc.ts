// TOML with source positions, read by toml-eslint-parser (TOML 1.0 and 1.1). We never
// re-serialise a whole TOML file: edits replace the text range of one `[mcp_servers.<name>]`
// table (or inline table, or run of dotted keys), so comments and layout elsewhere stay
// byte-for-byte. Parsing the full file first means a file with a syntax error is refused
// (path:line:col) instead of being half-edited.

import { parseTOML, ParseError, type AST } from 'toml-eslint-parser';
import { CompanionError } from '../core/errors.js';
import { lineCol } from './text-file.js';

export interface TomlStatement {
  keyPath: string[];
  /** Start of the statement's line (indentation included). */
  start: number;
  /** End of the value, or of a trailing comment on the same line (newline excluded). */
  end: number;
  value: unknown;
}

export interface TomlTable {
  keyPath: string[];
  isArray: boolean;
  /** Start of the header line; 0 for the implicit root table. */
  start: number;
  /** End of the header line (newline excluded); equals start for the root table. */
  headerEnd: number;
  statements: TomlStatement[];
}

/** Where the value of one key sits, for keys of statements and of inline tables. */
export interface TomlValueSpan {
  /** Full key path from the root (table path + dotted key, and keys of enclosing inline tables). */
  path: string[];
  start: number;
  end: number;
}

export interface TomlDoc {
  text: string;
  root: Record<string, unknown>;
  tables: TomlTable[];
  /** Value ranges of every key outside arrays and arrays of tables, in file order. */
  values: TomlValueSpan[];
}

type Obj = Record<string, unknown>;

export function parseToml(text: string, file: string): TomlDoc {
  let ast: AST.TOMLProgram;
  try {
    // TOML 1.1: our earlier reader took its \e and \x escapes and newlines in inline tables,
    // and a file it edited must not start being refused.
    ast = parseTOML(text, { tomlVersion: '1.1' });
  } catch (err) {
    if (err instanceof ParseError) refuse(text, file, err);
    throw err;
  }
  return new DocBuilder(text).build(ast.body[0]);
}

class DocBuilder {
  private readonly root: Obj = {};
  private readonly tables: TomlTable[] = [];
  private readonly values: TomlValueSpan[] = [];

  constructor(private readonly text: string) {}

  build(top: AST.TOMLTopLevelTable): TomlDoc {
    let table: TomlTable = { keyPath: [], isArray: false, start: 0, headerEnd: 0, statements: [] };
    let target = this.root;
    this.tables.push(table);
    for (const node of top.body) {
      if (node.type === 'TOMLTable') {
        const keyPath = keyOf(node.key);
        const isArray = node.kind === 'array';
        const close = this.text.indexOf(isArray ? ']]' : ']', node.key.range[1]);
        table = {
          keyPath,
          isArray,
          start: this.lineStart(node.range[0]),
          headerEnd: this.lineEnd(close + (isArray ? 2 : 1)),
          statements: [],
        };
        this.tables.push(table);
        target = this.openTable(keyPath, isArray);
        for (const kv of node.body) this.statement(table, target, kv);
      } else this.statement(table, target, node);
    }
    return { text: this.text, root: this.root, tables: this.tables, values: this.values };
  }

  private statement(table: TomlTable, target: Obj, kv: AST.TOMLKeyValue): void {
    const keyPath = keyOf(kv.key);
    // Keys under an array of tables have no unique path: their values are not located.
    const value = this.spanned(kv.value, table.isArray ? undefined : [...table.keyPath, ...keyPath]);
    assign(target, keyPath, value);
    table.statements.push({ keyPath, start: this.lineStart(kv.range[0]), end: this.lineEnd(kv.value.range[1]), value });
  }

  /** A value, recording its range under `path` (and those of any inline-table keys in it). */
  private spanned(node: AST.TOMLContentNode, path: string[] | undefined): unknown {
    const value = node.type === 'TOMLInlineTable' ? this.inlineTable(node, path) : this.value(node);
    if (path) this.values.push({ path, start: node.range[0], end: node.range[1] });
    return value;
  }

  private inlineTable(node: AST.TOMLInlineTable, path?: string[]): Obj {
    const out: Obj = {};
    for (const kv of node.body) {
      const keyPath = keyOf(kv.key);
      assign(out, keyPath, this.spanned(kv.value, path && [...path, ...keyPath]));
    }
    return out;
  }

  private value(node: AST.TOMLContentNode): unknown {
    if (node.type === 'TOMLArray') return node.elements.map((e) => this.value(e));
    if (node.type === 'TOMLInlineTable') return this.inlineTable(node);
    // Dates and times stay as written: config values are compared and copied, never computed.
    if (
      node.kind === 'offset-date-time' ||
      node.kind === 'local-date-time' ||
      node.kind === 'local-date' ||
      node.kind === 'local-time'
    )
      return this.text.slice(node.range[0], node.range[1]);
    // The parser turns CRLF inside multi-line strings into LF; we keep the bytes as written.
    if (node.kind === 'string' && node.multiline) {
      const raw = this.text.slice(node.range[0], node.range[1]);
      if (raw.includes('\r')) return multilineWithCrlf(raw, node.style);
    }
    return node.value;
  }

  /** The parser has checked that tables are not redefined; this only builds the value tree. */
  private openTable(keyPath: string[], isArray: boolean): Obj {
    let obj = this.root;
    keyPath.forEach((k, i) => {
      let next = obj[k];
      if (i === keyPath.length - 1 && isArray) {
        if (next === undefined) setKey(obj, k, (next = []));
        const item: Obj = {};
        (next as Obj[]).push(item);
        next = item;
      } else {
        if (next === undefined) setKey(obj, k, (next = {}));
        if (Array.isArray(next)) next = next[next.length - 1];
      }
      obj = next as Obj;
    });
    return obj;
  }

  private lineStart(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  /** After a header or value: spaces and a comment on the same line (newline excluded). */
  private lineEnd(at: number): number {
    let pos = at;
    while (this.text[pos] === ' ' || this.text[pos] === '\t') pos++;
    if (this.text[pos] !== '#') return pos;
    while (
      pos < this.text.length &&
      this.text[pos] !== '\n' &&
      !(this.text[pos] === '\r' && this.text[pos + 1] === '\n')
    )
      pos++;
    return pos;
  }
}

/** A (valid) multi-line string's value with its CRLFs kept: the content between the delimiters. */
function multilineWithCrlf(raw: string, style: 'basic' | 'literal'): string {
  const body = raw.slice(3, -3).replace(/^\r?\n/, '');
  if (style === 'literal') return body;
  const simple: Record<string, string> = {
    b: '\b',
    t: '\t',
    n: '\n',
    f: '\f',
    r: '\r',
    e: '\x1b',
    '"': '"',
    '\\': '\\',
  };
  // A backslash ending a line trims the newline and the whitespace after it.
  return body.replace(/\\(?:[ \t]*\r?\n[ \t\r\n]*|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)/g, (m) => {
    const e = m[1]!;
    if (e === 'u' || e === 'U' || e === 'x') return String.fromCodePoint(parseInt(m.slice(2), 16));
    return simple[e] ?? '';
  });
}

function keyOf(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}

function assign(target: Obj, keyPath: string[], value: unknown): void {
  let obj = target;
  for (const k of keyPath.slice(0, -1)) {
    let next = obj[k];
    if (next === undefined) setKey(obj, k, (next = {}));
    obj = next as Obj;
  }
  setKey(obj, keyPath[keyPath.length - 1]!, value);
}

function setKey(obj: Obj, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

// The parser's messages, in our words (stable across its versions); others pass through.
const WORDING: Record<string, string> = {
  'Unspecified values are invalid': 'expected a value',
  'Unterminated string constant': 'unterminated string',
  'Must be a newline': 'expected the end of the line',
  'Unterminated array': "expected ',' or ']' in the array",
  'Unterminated inline table': "expected ',' or '}' in the inline table",
  'Expected comma (,) token': "expected ','",
  'Expected equal (=) token': "expected '='",
};

function refuse(text: string, file: string, err: ParseError): never {
  let at = err.index;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(lineStart, at);
  let problem = WORDING[err.message] ?? err.message.charAt(0).toLowerCase() + err.message.slice(1);
  if (err.message === 'Defining a key multiple times is invalid') {
    const header = /^[ \t]*(\[\[?)\s*([^\]]*?)\s*\]/.exec(text.slice(lineStart));
    if (header) {
      at = lineStart;
      problem =
        header[1] === '[['
          ? `'${header[2]}' is already defined and is not an array of tables`
          : `table '${header[2]}' is defined twice`;
    } else problem = `duplicate key '${/^[^=,}\r\n]*/.exec(text.slice(at))![0].trim()}'`;
  } else if (err.message === 'Unexpected token' || err.message === 'Unexpected character') {
    // Say what belonged there, from what comes right before it.
    if (/^[ \t]*$/.test(before) || /\{[ \t]*$/.test(before)) problem = 'expected a key';
    else if (/[=[][ \t]*$/.test(before)) problem = 'expected a value';
  }
  const { line, col } = lineCol(text, at);
  throw new CompanionError(
    'config_unparseable',
    `${file}:${line}:${col}: ${problem}; fix the file and try again (it was not changed)`,
    { file, line, col },
  );
}

/** A TOML inline rendering of a JSON-like value (strings use JSON escapes, which TOML accepts). */
export function tomlValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  if (v && typeof v === 'object') {
    const parts = Object.entries(v as Obj).map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  throw new CompanionError('bad_input', 'cannot write this value to TOML');
}

export function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}
