// Property test over generated JSON/JSONC configs of every JSON client, in each client's own
// entry shapes: remote (http/sse, with and without headers), mcp-remote and local stdio entries,
// other top-level keys, the whole file on one line (entries on the first line), indented with
// spaces or tabs, comments inside and between entries, trailing commas, LF/CRLF, BOM, with and
// without a final newline. After route everything the companion does not own parses to the
// same value and each remote entry reads back as routed; unroute gives back the original bytes.

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { createClientOps } from '../../../local-gateway/clients/index.js';
import { getAdapter } from '../../../local-gateway/clients/registry.js';
import { memoryKeychain } from '../../../local-gateway/clients/system.js';
import { fakeProcesses, makeHome } from '../../support/client-homes.js';
import { createTestRouteHost } from '../../support/route-host.js';

type Obj = Record<string, unknown>;

const word = fc.stringMatching(/^[A-Za-z0-9 ._é✓/*-]{0,10}$/);
const url = fc.constantFrom('https://a.example.com/mcp', 'https://b.example.org/sse', 'http://c.test:8080/x/mcp');
const headers = fc.option(
  fc.dictionary(
    fc.constantFrom('X-Api-Key', 'X-Team', 'Authorization'),
    fc.stringMatching(/^[A-Za-z0-9 ${}_-]{4,16}$/),
    { maxKeys: 2 },
  ),
  { nil: undefined },
);
const extra = fc.dictionary(
  fc.constantFrom('timeout', 'disabled', 'note', 'tools'),
  fc.oneof(fc.integer(), fc.boolean(), word, fc.array(word, { maxLength: 3 })),
  { maxKeys: 2 },
);
const env = fc.option(fc.dictionary(fc.constantFrom('A', 'B_2'), word, { maxKeys: 2 }), { nil: undefined });
const args = fc.array(word, { maxLength: 3 });
const mcpRemoteArgs = fc
  .tuple(
    url,
    fc.dictionary(fc.constantFrom('X-Api-Key', 'X-Team'), fc.stringMatching(/^[A-Za-z0-9_-]{4,12}$/), { maxKeys: 1 }),
  )
  .map(([u, h]) => ['-y', 'mcp-remote', u, ...Object.entries(h).flatMap(([k, v]) => ['--header', `${k}:${v}`])]);
const opt = (o: Obj) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Entry shapes per family of clients. */
const plain = fc.oneof(
  fc.tuple(url, headers, extra).map(([u, h, x]) => opt({ ...x, url: u, headers: h })),
  fc.tuple(word, args, env, extra).map(([c, a, e, x]) => opt({ ...x, command: c, args: a, env: e })),
  mcpRemoteArgs.map((a) => ({ command: 'npx', args: a })),
);
const typed = fc.oneof(
  fc
    .tuple(fc.constantFrom('http', 'sse'), url, headers, extra)
    .map(([t, u, h, x]) => opt({ ...x, type: t, url: u, headers: h })),
  fc.tuple(word, args, env).map(([c, a, e]) => opt({ type: 'stdio', command: c, args: a, env: e })),
  mcpRemoteArgs.map((a) => ({ command: 'npx', args: a })),
);
const windsurf = fc.oneof(
  fc.tuple(url, headers).map(([u, h]) => opt({ serverUrl: u, headers: h })),
  plain,
);
const gemini = fc.oneof(
  fc.tuple(url, headers).map(([u, h]) => opt({ httpUrl: u, headers: h })),
  plain,
);
const opencode = fc.oneof(
  fc
    .tuple(url, headers, fc.option(fc.boolean(), { nil: undefined }))
    .map(([u, h, e]) => opt({ type: 'remote', url: u, headers: h, enabled: e })),
  fc.tuple(word, args, env).map(([c, a, e]) => opt({ type: 'local', command: [c, ...a], environment: e })),
  mcpRemoteArgs.map((a) => ({ type: 'local', command: ['npx', ...a] })),
);

const CLIENTS = [
  { client: 'cursor', key: 'mcpServers', entry: plain },
  { client: 'claude-desktop', key: 'mcpServers', entry: plain },
  { client: 'windsurf', key: 'mcpServers', entry: windsurf },
  { client: 'gemini', key: 'mcpServers', entry: gemini },
  { client: 'claude-code', key: 'mcpServers', entry: typed },
  { client: 'vscode', key: 'servers', entry: typed },
  { client: 'opencode', key: 'mcp', entry: opencode },
] as const;

const names = fc.uniqueArray(
  fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), fc.constantFrom('my server', 'ünï', 'a.b', '')),
  { maxLength: 4 },
);
const style = fc.record({
  indent: fc.constantFrom('', '  ', '    ', '\t'),
  comments: fc.boolean(),
  trailingCommas: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  seed: fc.integer(),
});
type Style = typeof style extends fc.Arbitrary<infer T> ? T : never;

const jsonFile = fc.constantFrom(...CLIENTS).chain((c) =>
  fc.record({
    c: fc.constant(c),
    servers: names.chain((n) =>
      fc.tuple(...n.map(() => c.entry)).map((es) => Object.fromEntries(n.map((name, i) => [name, es[i]]))),
    ),
    // Claude Code keeps more servers per project folder in the same file.
    project:
      c.client === 'claude-code'
        ? names.chain((n) =>
            fc.tuple(...n.map(() => c.entry)).map((es) => Object.fromEntries(n.map((name, i) => [name, es[i]]))),
          )
        : fc.constant(undefined),
    top: fc.dictionary(
      fc.stringMatching(/^[a-z]{1,6}$/).filter((k) => !['mcp', 'servers', 'projects'].includes(k)),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 3 },
    ),
    serversFirst: fc.boolean(),
    style,
  }),
);

/** JSONC text in the given style: comments between and inside entries, trailing commas. */
function renderJsonc(value: unknown, s: Style): string {
  let state = s.seed | 0;
  const rand = () => ((state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
  const nl = s.indent ? '\n' : '';
  const write = (v: unknown, depth: number): string => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return JSON.stringify(v);
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    const pad = s.indent.repeat(depth + 1);
    const props = keys.map((k) => {
      const lead = s.comments && rand() < 0.3 ? (s.indent ? `${pad}// about ${k} ✓${nl}` : `/* ${k} */ `) : '';
      const tail = s.comments && rand() < 0.2 ? ' /* ok */' : '';
      return `${lead}${pad}${JSON.stringify(k)}: ${write((v as Obj)[k], depth + 1)}${tail}`;
    });
    const comma = s.trailingCommas && rand() < 0.6 ? ',' : '';
    return `{${nl}${props.join(`,${nl || ' '}`)}${comma}${nl}${s.indent.repeat(depth)}}`;
  };
  const text = write(value, 0) + (s.finalNewline ? '\n' : '');
  return (s.bom ? '\uFEFF' : '') + (s.crlf ? text.replace(/\n/g, '\r\n') : text);
}

function read(text: string): Obj {
  const errors: ParseError[] = [];
  const v = parseJsonc(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true }) as Obj;
  expect(errors).toEqual([]);
  return v;
}

describe('route/unroute over JSON/JSONC layouts of every JSON client', () => {
  it('keeps what it does not own, routes each remote entry in place, and unroutes to the original bytes', async () => {
    await fc.assert(
      fc.asyncProperty(jsonFile, async ({ c, servers, project, top, serversFirst, style: s }) => {
        const h = makeHome();
        try {
          const adapter = getAdapter(c.client);
          const ops = createClientOps({
            host: createTestRouteHost(h.dataDir),
            env: h.env,
            platform: 'linux',
            processes: fakeProcesses(),
            keychain: memoryKeychain(),
          });
          const ctx = {
            env: h.env,
            platform: 'linux' as const,
            home: h.home,
            projectDirs: [],
            processes: fakeProcesses(),
            keychain: memoryKeychain(),
            now: Date.now,
          };
          const file = adapter.configFiles(ctx)[0]!.path;
          const projects = project ? { projects: { '/p/app': { allowedTools: [], mcpServers: project } } } : {};
          const value = serversFirst
            ? { [c.key]: servers, ...projects, ...top }
            : { ...top, ...projects, [c.key]: servers };
          const original = renderJsonc(value, s);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, original);
          const before = read(original);

          await ops.route(c.client);
          const routed = fs.readFileSync(file, 'utf8');
          const after = read(routed);
          // Each remote entry is routed; with them masked out, the two files hold the same value.
          const containers = [[c.key], ...(project ? [['projects', '/p/app', 'mcpServers']] : [])];
          for (const p of containers) {
            const was = dig(before, p);
            const now = dig(after, p);
            expect(Object.keys(now)).toEqual(Object.keys(was));
            for (const [name, entry] of Object.entries(was)) {
              if (adapter.classify(entry as Obj).kind === 'local') continue;
              expect(adapter.classify(now[name] as Obj).kind, name).toBe('routed');
              was[name] = now[name] = null;
            }
          }
          expect(after).toEqual(before);
          expect(routed.startsWith('\uFEFF')).toBe(s.bom);
          // Lines the companion writes use the file's line ending.
          if (original.includes('\r\n')) expect(routed.replace(/\r\n/g, '')).not.toContain('\n');
          else expect(routed).not.toContain('\r');

          await ops.unroute(c.client);
          expect(fs.readFileSync(file, 'utf8')).toBe(original);
        } finally {
          h.cleanup();
        }
      }),
      { numRuns: 60 },
    );
  });
});

function dig(v: Obj, p: string[]): Obj {
  return p.reduce<Obj>((o, k) => o[k] as Obj, v);
}
