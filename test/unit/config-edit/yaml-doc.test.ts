// The YAML reader and in-place entry rewriter: entries of maps and of named sequences with
// their exact text ranges, rewrites that leave every other byte alone, and refusals.

import { describe, expect, it } from 'vitest';
import {
  parseYamlDoc,
  parseYamlFragment,
  renderYamlEntry,
  yamlEntries,
} from '../../../local-gateway/config-edit/yaml-doc.js';

const CONTINUE = [
  '# Continue config',
  'name: Local Assistant',
  'version: 1.0.0',
  'schema: v1',
  'mcpServers:',
  '  # the team tracker',
  '  - name: linear # hosted',
  '    type: streamable-http',
  '    url: https://mcp.linear.app/mcp',
  '    requestOptions:',
  '      timeout: 30 # seconds',
  '      headers:',
  '        X-Team: core',
  '  - { name: flowy, type: sse, url: "https://flow.example/sse" }',
  '  - name: files',
  '    command: npx',
  '    args: [-y, server-files]',
  'models: [] # none yet',
  '',
].join('\n');

function splice(text: string, start: number, end: number, content: string): string {
  return text.slice(0, start) + content + text.slice(end);
}

describe('YAML entries', () => {
  it('finds the named items of a sequence with their values and exact text', () => {
    const doc = parseYamlDoc(CONTINUE, 'c.yaml');
    const entries = yamlEntries(doc, ['mcpServers']);
    expect(entries.map((e) => [e.name, e.path])).toEqual([
      ['linear', ['mcpServers', 0]],
      ['flowy', ['mcpServers', 1]],
      ['files', ['mcpServers', 2]],
    ]);
    expect(entries[0]!.value).toEqual({
      name: 'linear',
      type: 'streamable-http',
      url: 'https://mcp.linear.app/mcp',
      requestOptions: { timeout: 30, headers: { 'X-Team': 'core' } },
    });
    expect(CONTINUE.slice(entries[0]!.start, entries[0]!.end)).toBe(
      'name: linear # hosted\n    type: streamable-http\n    url: https://mcp.linear.app/mcp\n    requestOptions:\n      timeout: 30 # seconds\n      headers:\n        X-Team: core',
    );
    expect(CONTINUE.slice(entries[1]!.start, entries[1]!.end)).toBe(
      '{ name: flowy, type: sse, url: "https://flow.example/sse" }',
    );
  });

  it('finds the values of a map by key (Goose-style `extensions:`)', () => {
    const text = 'extensions:\n  github:\n    type: streamable_http\n    uri: https://x/mcp\n  dev: {type: builtin}\n';
    const entries = yamlEntries(parseYamlDoc(text, 'g.yaml'), ['extensions']);
    expect(entries.map((e) => [e.name, e.value])).toEqual([
      ['github', { type: 'streamable_http', uri: 'https://x/mcp' }],
      ['dev', { type: 'builtin' }],
    ]);
  });

  it('rewrites one block entry in place; other bytes and unchanged fields keep their text', () => {
    const doc = parseYamlDoc(CONTINUE, 'c.yaml');
    const e = yamlEntries(doc, ['mcpServers'])[0]!;
    const routed = {
      name: 'linear',
      type: 'streamable-http',
      url: 'http://127.0.0.1:4319/servers/linear/mcp',
      requestOptions: { timeout: 30, headers: { Authorization: 'Bearer tok' } },
    };
    const out = splice(CONTINUE, e.start, e.end, renderYamlEntry(doc, e, routed, '\n'));
    expect(out).toBe(
      CONTINUE.replace(
        '    url: https://mcp.linear.app/mcp\n    requestOptions:\n      timeout: 30 # seconds\n      headers:\n        X-Team: core',
        '    url: http://127.0.0.1:4319/servers/linear/mcp\n    requestOptions:\n      timeout: 30\n      headers:\n        Authorization: Bearer tok',
      ),
    );
    expect(out).toContain('- name: linear # hosted\n');
    const again = parseYamlDoc(out, 'c.yaml');
    const e2 = yamlEntries(again, ['mcpServers'])[0]!;
    expect(e2.value).toEqual(routed);
    // Putting the original text back gives the file back byte for byte.
    expect(splice(out, e2.start, e2.end, CONTINUE.slice(e.start, e.end))).toBe(CONTINUE);
  });

  it('keeps a flow mapping a flow mapping, and CRLF files CRLF', () => {
    const crlf = CONTINUE.replace(/\n/g, '\r\n');
    const doc = parseYamlDoc(crlf, 'c.yaml');
    const [first, flow] = yamlEntries(doc, ['mcpServers']);
    const flowOut = renderYamlEntry(
      doc,
      flow!,
      { name: 'flowy', type: 'sse', url: 'http://127.0.0.1:1/servers/f/sse' },
      '\r\n',
    );
    expect(flowOut).toBe('{ "name": "flowy", "type": "sse", "url": "http://127.0.0.1:1/servers/f/sse" }');
    const blockOut = renderYamlEntry(doc, first!, { name: 'linear', url: 'u', extra: { a: [1, 2] } }, '\r\n');
    expect(blockOut).toBe(
      'name: linear # hosted\r\n    url: u\r\n    extra:\r\n      a:\r\n        - 1\r\n        - 2',
    );
    const out = splice(crlf, first!.start, first!.end, blockOut);
    expect(yamlEntries(parseYamlDoc(out, 'c.yaml'), ['mcpServers'])[0]!.value).toEqual({
      name: 'linear',
      url: 'u',
      extra: { a: [1, 2] },
    });
  });

  it('quotes values that YAML would otherwise read differently', () => {
    const doc = parseYamlDoc('s:\n  - name: a\n    url: x\n', 's.yaml');
    const e = yamlEntries(doc, ['s'])[0]!;
    const value = { name: 'a', url: 'http://h/x#y: z', env: { N: '123', B: 'true', E: '' } };
    const out = splice(doc.text, e.start, e.end, renderYamlEntry(doc, e, value, '\n'));
    expect(yamlEntries(parseYamlDoc(out, 's.yaml'), ['s'])[0]!.value).toEqual(value);
  });

  it('marks entries with anchors, aliases or custom tags read-only', () => {
    const text =
      'base: &b {timeout: 5}\ns:\n  - name: a\n    opts: *b\n  - name: c\n    url: !env URL\n  - name: d\n    url: x\n';
    const entries = yamlEntries(parseYamlDoc(text, 's.yaml'), ['s']);
    expect(entries.map((e) => [e.name, e.readOnly])).toEqual([
      ['a', 'it uses a YAML alias'],
      ['c', 'it uses the YAML tag !env'],
      ['d', undefined],
    ]);
  });

  it.each([
    ['a: [1, 2', 'f.yaml:1:'],
    ['a: 1\na: 2', 'f.yaml:2:1: map keys must be unique'],
    ['a: 1\n---\nb: 2\n', 'f.yaml:2:1: the file holds more than one YAML document'],
    ['- 1\n- 2\n', 'f.yaml:1:1: the top level is not a mapping'],
    ['a:\n  b: 1\n c: 2\n', 'f.yaml:3:'],
  ])('refuses %j with %s', (src, msg) => {
    expect(() => parseYamlDoc(src, 'f.yaml')).toThrow(msg);
    expect(() => parseYamlDoc(src, 'f.yaml')).toThrow('fix the file and try again (it was not changed)');
  });

  it('reads an empty file as no entries', () => {
    expect(yamlEntries(parseYamlDoc('', 'e.yaml'), ['mcpServers'])).toEqual([]);
    expect(yamlEntries(parseYamlDoc('# only a comment\n', 'e.yaml'), ['mcpServers'])).toEqual([]);
  });

  it('reads an entry back from its own text (as kept for unroute)', () => {
    const doc = parseYamlDoc(CONTINUE, 'c.yaml');
    const [first, flow] = yamlEntries(doc, ['mcpServers']);
    expect(parseYamlFragment(CONTINUE.slice(first!.start, first!.end), 'c.yaml')).toEqual(first!.value);
    expect(parseYamlFragment(CONTINUE.slice(flow!.start, flow!.end), 'c.yaml')).toEqual(flow!.value);
  });
});
