// The config-edit building blocks: the position-keeping TOML reader, the unified diff and the
// atomic write.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../local-gateway/config-edit/atomic-write.js';
import { unifiedDiff } from '../../../local-gateway/config-edit/diff.js';
import { parseToml } from '../../../local-gateway/config-edit/toml-doc.js';

describe('TOML reader', () => {
  it('reads the TOML a Codex config uses, with statement positions', () => {
    const text = [
      '# top',
      'a = "x\\u00e9\\n"  # comment',
      "b = 'C:\\path'",
      'c = """',
      'multi',
      'line"""',
      "d = '''raw\\n'''",
      'n = [1_000, 0x1F, -2.5e3, inf, true, 1979-05-27T07:32:00Z]',
      'arr = [',
      '  "one", # c',
      '  "two",',
      ']',
      '[mcp_servers."my server"]',
      'url = "https://x"',
      'http_headers = { "X-A" = "1", b.c = 2 }',
      '[[list]]',
      'k = 1',
      '[[list]]',
      'k = 2',
    ].join('\r\n');
    const doc = parseToml(text, 'f.toml');
    expect(doc.root).toEqual({
      a: 'xé\n',
      b: 'C:\\path',
      c: 'multi\r\nline',
      d: 'raw\\n',
      n: [1000, 31, -2500, Infinity, true, '1979-05-27T07:32:00Z'],
      arr: ['one', 'two'],
      mcp_servers: { 'my server': { url: 'https://x', http_headers: { 'X-A': '1', b: { c: 2 } } } },
      list: [{ k: 1 }, { k: 2 }],
    });
    const t = doc.tables.find((x) => x.keyPath[1] === 'my server')!;
    expect(text.slice(t.start, t.headerEnd)).toBe('[mcp_servers."my server"]');
    expect(text.slice(t.statements[0]!.start, t.statements[0]!.end)).toBe('url = "https://x"');
    expect(text.slice(doc.tables[0]!.statements[0]!.start, doc.tables[0]!.statements[0]!.end)).toBe(
      'a = "x\\u00e9\\n"  # comment',
    );
  });

  it.each([
    ['a = ', 'f.toml:1:5: expected a value'],
    ['a = "open', 'f.toml:1:10: unterminated string'],
    ['a = 1\na = 2', "f.toml:2:1: duplicate key 'a'"],
    ['[t]\n[t]', "f.toml:2:1: table 't' is defined twice"],
    ['a = 1 b = 2', 'f.toml:1:7: expected the end of the line'],
    ['a = [1, 2', "f.toml:1:10: expected ',' or ']' in the array"],
    ['= 1', 'f.toml:1:1: expected a key'],
    ['a = = 1', 'f.toml:1:5: expected a value'],
    ['n = 1_', 'f.toml:1:7: underscores are allowed between digits'],
  ])('refuses %j with %s', (src, msg) => {
    expect(() => parseToml(src, 'f.toml')).toThrow(msg);
  });

  it('reads TOML 1.1, as the earlier reader did: \\e and \\x escapes, newlines in inline tables', () => {
    const doc = parseToml('a = "\\e[1m\\x41"\nt = {\n  x = 1, # c\n  y = 2,\n}\n', 'f.toml');
    expect(doc.root).toEqual({ a: '\x1b[1mA', t: { x: 1, y: 2 } });
    expect(doc.values.map((v) => v.path.join('.'))).toEqual(expect.arrayContaining(['a', 't', 't.x', 't.y']));
  });
});

describe('unified diff', () => {
  it('shows only changed hunks with context', () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const b = a.replace('line 3\n', 'line three\n').replace('line 17\n', '');
    expect(unifiedDiff(a, b, 'f')).toBe(
      [
        '--- f',
        '+++ f',
        '@@ -1,7 +1,7 @@',
        ' line 0',
        ' line 1',
        ' line 2',
        '-line 3',
        '+line three',
        ' line 4',
        ' line 5',
        ' line 6',
        '@@ -15,6 +15,5 @@',
        ' line 14',
        ' line 15',
        ' line 16',
        '-line 17',
        ' line 18',
        ' line 19',
        '',
      ].join('\n'),
    );
    expect(unifiedDiff(a, a, 'f')).toBe('');
  });

  it('starts a hunk at line 0 when the old text was empty, and ignores CR and the final newline', () => {
    expect(unifiedDiff('', 'a = 1\n', 'f')).toBe('--- f\n+++ f\n@@ -0,0 +1,1 @@\n+a = 1\n');
    expect(unifiedDiff('a = 1\r\nb = 2\r\n', 'a = 1\nb = 3', 'f')).toBe(
      '--- f\n+++ f\n@@ -1,2 +1,2 @@\n a = 1\n-b = 2\n+b = 3\n',
    );
  });

  // The old LCS table was O(n·m) in time and memory; a preview of a big config must stay cheap.
  it('diffs a large file with one change as one small hunk, quickly', () => {
    const a = Array.from({ length: 100_000 }, (_, i) => `key_${i} = "value ${i}"`).join('\n') + '\n';
    const b = a.replace('key_50000 = "value 50000"\n', 'key_50000 = "changed"\n');
    const t0 = performance.now();
    const d = unifiedDiff(a, b, 'f');
    // Generous: the suite shares a couple of busy cores; typically well under a second.
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(d.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l))).toEqual([
      '-key_50000 = "value 50000"',
      '+key_50000 = "changed"',
    ]);
    expect(d).toContain('@@ -49998,7 +49998,7 @@');
  });

  it('falls back to one replace hunk when nearly every line differs, in bounded time', () => {
    const a = Array.from({ length: 5_000 }, (_, i) => `old ${i}`).join('\n') + '\n';
    const b = Array.from({ length: 4_000 }, (_, i) => `new ${i}`).join('\n') + '\n';
    const t0 = performance.now();
    const d = unifiedDiff(a, b, 'f').split('\n');
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(d.slice(0, 4)).toEqual(['--- f', '+++ f', '@@ -1,5000 +1,4000 @@', '-old 0']);
    expect(d.filter((l) => l.startsWith('-') && !l.startsWith('---'))).toHaveLength(5_000);
    expect(d.filter((l) => l.startsWith('+') && !l.startsWith('+++'))).toHaveLength(4_000);
  });
});

describe('atomic write', () => {
  it('replaces the file, keeps its mode and leaves no temp file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-aw-'));
    try {
      const f = path.join(dir, 'c.json');
      fs.writeFileSync(f, 'old');
      fs.chmodSync(f, 0o600);
      writeFileAtomic(f, 'new');
      expect(fs.readFileSync(f, 'utf8')).toBe('new');
      expect(fs.statSync(f).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(dir)).toEqual(['c.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
