// A small TOML 1.0 reader that keeps source positions. We never re-serialise a whole TOML
// file: edits replace the text range of one `[mcp_servers.<name>]` table, so comments and
// layout elsewhere stay byte-for-byte. Parsing the full file first means a file with a syntax
// error is refused (path:line:col) instead of being half-edited.

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
  return new Parser(text, file).parse();
}

const BARE = /^[A-Za-z0-9_-]+/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?/;
const TIME = /^\d{2}:\d{2}:\d{2}(?:\.\d+)?/;
const NUMBER = /^(?:[+-]?(?:inf|nan)|0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|[+-]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?)/;

class Parser {
  private pos = 0;
  private readonly root: Obj = {};
  private readonly tables: TomlTable[] = [];
  private readonly values: TomlValueSpan[] = [];
  private readonly explicitTables = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  parse(): TomlDoc {
    let table: TomlTable = { keyPath: [], isArray: false, start: 0, headerEnd: 0, statements: [] };
    let target: Obj = this.root;
    this.tables.push(table);
    for (;;) {
      this.skipBlank(true);
      if (this.pos >= this.text.length) break;
      const lineStart = this.text.lastIndexOf('\n', this.pos - 1) + 1;
      if (this.text[this.pos] === '[') {
        const isArray = this.text[this.pos + 1] === '[';
        this.pos += isArray ? 2 : 1;
        this.skipBlank(false);
        const keyPath = this.parseKey();
        this.skipBlank(false);
        this.expect(isArray ? ']]' : ']');
        const headerEnd = this.endOfLine();
        target = this.openTable(keyPath, isArray, lineStart);
        table = { keyPath, isArray, start: lineStart, headerEnd, statements: [] };
        this.tables.push(table);
      } else {
        const keyPath = this.parseKey();
        this.skipBlank(false);
        this.expect('=');
        this.skipBlank(false);
        // Keys under an array of tables have no unique path: their values are not located.
        const value = this.parseSpannedValue(table.isArray ? undefined : [...table.keyPath, ...keyPath]);
        const end = this.endOfLine();
        this.assign(target, keyPath, value, lineStart);
        table.statements.push({ keyPath, start: lineStart, end, value });
      }
    }
    return { text: this.text, root: this.root, tables: this.tables, values: this.values };
  }

  private fail(problem: string, at = this.pos): never {
    const { line, col } = lineCol(this.text, at);
    throw new CompanionError('config_unparseable', `${this.file}:${line}:${col}: ${problem}; fix the file and try again (it was not changed)`, { file: this.file, line, col });
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected '${token}'`);
    this.pos += token.length;
  }

  /** Skips spaces/tabs; with `newlines`, also newlines and comments. */
  private skipBlank(newlines: boolean): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (newlines && (c === '\n' || (c === '\r' && this.text[this.pos + 1] === '\n'))) this.pos += c === '\r' ? 2 : 1;
      else if (newlines && c === '#') this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    while (this.pos < this.text.length && this.text[this.pos] !== '\n' && !(this.text[this.pos] === '\r' && this.text[this.pos + 1] === '\n')) this.pos++;
  }

  /** After a statement: optional spaces and comment, then a newline or EOF. Returns the end offset. */
  private endOfLine(): number {
    this.skipBlank(false);
    if (this.text[this.pos] === '#') this.skipComment();
    const end = this.pos;
    if (this.pos >= this.text.length) return end;
    if (this.text[this.pos] === '\n') this.pos++;
    else if (this.text.startsWith('\r\n', this.pos)) this.pos += 2;
    else this.fail('expected the end of the line');
    return end;
  }

  private parseKey(): string[] {
    const parts: string[] = [];
    for (;;) {
      const c = this.text[this.pos];
      if (c === '"') parts.push(this.parseBasicString());
      else if (c === "'") parts.push(this.parseLiteralString());
      else {
        const m = BARE.exec(this.text.slice(this.pos, this.pos + 256));
        if (!m) this.fail('expected a key');
        parts.push(m[0]);
        this.pos += m[0].length;
      }
      this.skipBlank(false);
      if (this.text[this.pos] !== '.') return parts;
      this.pos++;
      this.skipBlank(false);
    }
  }

  /** Parses a value, recording its range under `path` (and those of any inline-table keys in it). */
  private parseSpannedValue(path: string[] | undefined): unknown {
    const start = this.pos;
    const value = this.text[this.pos] === '{' ? this.parseInlineTable(path) : this.parseValue();
    if (path) this.values.push({ path, start, end: this.pos });
    return value;
  }

  private parseValue(): unknown {
    const rest = this.text.slice(this.pos, this.pos + 64);
    const c = rest[0];
    if (rest.startsWith('"""')) return this.parseMultilineBasic();
    if (c === '"') return this.parseBasicString();
    if (rest.startsWith("'''")) return this.parseMultilineLiteral();
    if (c === "'") return this.parseLiteralString();
    if (c === '[') return this.parseArray();
    if (c === '{') return this.parseInlineTable();
    if (rest.startsWith('true') && !BARE.test(rest.slice(4))) return (this.pos += 4), true;
    if (rest.startsWith('false') && !BARE.test(rest.slice(5))) return (this.pos += 5), false;
    const dt = DATETIME.exec(rest) ?? TIME.exec(rest);
    if (dt) return (this.pos += dt[0].length), dt[0];
    const num = NUMBER.exec(rest);
    if (num && !/^[A-Za-z0-9_.]/.test(rest.slice(num[0].length))) {
      this.pos += num[0].length;
      return parseNumber(num[0]);
    }
    return this.fail('expected a value');
  }

  private parseBasicString(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n' || c === '\r') this.fail('unterminated string');
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') out += this.parseEscape();
      else {
        out += c;
        this.pos++;
      }
    }
  }

  private parseEscape(): string {
    const e = this.text[this.pos + 1];
    const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };
    if (e !== undefined && simple[e] !== undefined) {
      this.pos += 2;
      return simple[e]!;
    }
    const len = e === 'u' ? 4 : e === 'U' ? 8 : e === 'x' ? 2 : 0;
    const hex = this.text.slice(this.pos + 2, this.pos + 2 + len);
    if (len === 0 || !/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== len) this.fail('invalid escape sequence');
    const code = parseInt(hex, 16);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) this.fail('invalid unicode escape');
    this.pos += 2 + len;
    return String.fromCodePoint(code);
  }

  private parseLiteralString(): string {
    const end = this.text.indexOf("'", this.pos + 1);
    const nl = this.text.indexOf('\n', this.pos + 1);
    if (end < 0 || (nl >= 0 && nl < end)) this.fail('unterminated string');
    const s = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return s;
  }

  private parseMultilineBasic(): string {
    this.pos += 3;
    this.skipFirstNewline();
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated multi-line string');
      if (this.text.startsWith('"""', this.pos)) {
        // Up to two quotes may sit right before the closing delimiter.
        let extra = 0;
        while (extra < 2 && this.text[this.pos + 3 + extra] === '"') extra++;
        out += '"'.repeat(extra);
        this.pos += 3 + extra;
        return out;
      }
      const c = this.text[this.pos]!;
      if (c === '\\') {
        const after = /^\\[ \t]*\r?\n/.exec(this.text.slice(this.pos, this.pos + 256));
        if (after) {
          this.pos += after[0].length;
          while (/[ \t\r\n]/.test(this.text[this.pos] ?? '')) this.pos++;
        } else out += this.parseEscape();
      } else {
        out += c;
        this.pos++;
      }
    }
  }

  private parseMultilineLiteral(): string {
    this.pos += 3;
    this.skipFirstNewline();
    const end = this.text.indexOf("'''", this.pos);
    if (end < 0) this.fail('unterminated multi-line string');
    let close = end;
    while (close + 3 < this.text.length && this.text[close + 3] === "'" && close - end < 2) close++;
    const s = this.text.slice(this.pos, close);
    this.pos = close + 3;
    return s;
  }

  private skipFirstNewline(): void {
    if (this.text[this.pos] === '\n') this.pos++;
    else if (this.text.startsWith('\r\n', this.pos)) this.pos += 2;
  }

  private parseArray(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    for (;;) {
      this.skipBlank(true);
      if (this.text[this.pos] === ']') {
        this.pos++;
        return out;
      }
      out.push(this.parseValue());
      this.skipBlank(true);
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== ']') this.fail("expected ',' or ']' in the array");
    }
  }

  private parseInlineTable(path?: string[]): Obj {
    this.pos++;
    const out: Obj = {};
    this.skipBlank(true);
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipBlank(true);
      const at = this.pos;
      const keyPath = this.parseKey();
      this.skipBlank(false);
      this.expect('=');
      this.skipBlank(false);
      this.assign(out, keyPath, this.parseSpannedValue(path && [...path, ...keyPath]), at);
      this.skipBlank(true);
      if (this.text[this.pos] === '}') {
        this.pos++;
        return out;
      }
      this.expect(',');
    }
  }

  private openTable(keyPath: string[], isArray: boolean, at: number): Obj {
    let obj = this.root;
    for (let i = 0; i < keyPath.length; i++) {
      const k = keyPath[i]!;
      const last = i === keyPath.length - 1;
      let next = obj[k];
      if (last && isArray) {
        if (next === undefined) setKey(obj, k, (next = []));
        if (!Array.isArray(next)) this.fail(`'${keyPath.join('.')}' is not an array of tables`, at);
        const item: Obj = {};
        next.push(item);
        return item;
      }
      if (next === undefined) setKey(obj, k, (next = {}));
      if (Array.isArray(next)) next = next[next.length - 1];
      if (typeof next !== 'object' || next === null) this.fail(`'${keyPath.slice(0, i + 1).join('.')}' is already a value`, at);
      obj = next as Obj;
    }
    const id = JSON.stringify(keyPath);
    if (this.explicitTables.has(id)) this.fail(`table '${keyPath.join('.')}' is defined twice`, at);
    this.explicitTables.add(id);
    return obj;
  }

  private assign(target: Obj, keyPath: string[], value: unknown, at: number): void {
    let obj = target;
    for (const k of keyPath.slice(0, -1)) {
      let next = obj[k];
      if (next === undefined) setKey(obj, k, (next = {}));
      if (typeof next !== 'object' || next === null || Array.isArray(next)) this.fail(`'${k}' is already a value`, at);
      obj = next as Obj;
    }
    const last = keyPath[keyPath.length - 1]!;
    if (Object.prototype.hasOwnProperty.call(obj, last)) this.fail(`duplicate key '${keyPath.join('.')}'`, at);
    setKey(obj, last, value);
  }
}

function setKey(obj: Obj, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function parseNumber(raw: string): number {
  const s = raw.replace(/_/g, '');
  if (/^[+-]?inf$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(s)) return NaN;
  if (s.startsWith('0x')) return parseInt(s.slice(2), 16);
  if (s.startsWith('0o')) return parseInt(s.slice(2), 8);
  if (s.startsWith('0b')) return parseInt(s.slice(2), 2);
  return Number(s);
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
