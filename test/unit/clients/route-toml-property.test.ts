// Property test over generated Codex config.toml files in every layout a server can be written
// in: `[mcp_servers.x]` tables (also on the first line, also followed by `[mcp_servers.x.*]`
// sub-tables), inline tables (`x = { … }` under `[mcp_servers]`, `mcp_servers.x = { … }`,
// `mcp_servers = { x = { … } }`), dotted keys (`mcp_servers.x.url = …`), with comments, other
// keys and tables, LF/CRLF, BOM, with and without a final newline. After route every key the
// companion does not own reads back the same (with our parser and with smol-toml) and every
// remote server is still under mcp_servers; unroute gives back the original bytes.

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse as smolParse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { codexAdapter } from '../../../local-gateway/clients/adapters/codex.js';
import { createClientOps } from '../../../local-gateway/clients/index.js';
import { memoryKeychain } from '../../../local-gateway/clients/system.js';
import { parseToml, tomlKey, tomlValue } from '../../../local-gateway/config-edit/toml-doc.js';
import { fakeProcesses, makeHome } from '../../support/client-homes.js';
import { createTestRouteHost } from '../../support/route-host.js';

type Obj = Record<string, unknown>;

const word = fc.stringMatching(/^[A-Za-z0-9 ._é✓-]{0,10}$/);
const url = fc.constantFrom('https://a.example.com/mcp', 'https://b.example.org/sse', 'http://c.test:8080/x/mcp');
const headerMap = fc.dictionary(
  fc.constantFrom('X-Api-Key', 'X-Team', 'Authorization'),
  fc.stringMatching(/^[A-Za-z0-9 ${}_-]{4,16}$/),
  { maxKeys: 2 },
);
const extra = fc.dictionary(
  fc.constantFrom('startup_timeout_sec', 'enabled', 'note', 'enabled_tools'),
  fc.oneof(fc.integer({ min: -999, max: 999 }), fc.boolean(), word, fc.array(word, { maxLength: 3 })),
  { maxKeys: 2 },
);

const httpServer = fc
  .tuple(url, fc.option(headerMap, { nil: undefined }), extra)
  .map(([u, h, x]) => ({ ...x, url: u, ...(h ? { http_headers: h } : {}) }));
const stdioServer = fc
  .tuple(
    word,
    fc.array(word, { maxLength: 3 }),
    fc.option(fc.dictionary(fc.constantFrom('A', 'B_2'), word, { maxKeys: 2 }), { nil: undefined }),
    extra,
  )
  .map(([c, a, env, x]) => ({ ...x, command: c, args: a, ...(env ? { env } : {}) }));
const mcpRemote = fc.tuple(url, headerMap).map(([u, h]) => ({
  command: 'npx',
  args: ['-y', 'mcp-remote', u, ...Object.entries(h).flatMap(([k, v]) => ['--header', `${k}:${v}`])],
}));
const server = fc.oneof(httpServer, stdioServer, mcpRemote);

const layout = fc.constantFrom('table', 'table-subs', 'inline', 'dotted');
const serverName = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), fc.constantFrom('my server', 'ünï', 'a.b'));
const tomlFile = fc.record({
  servers: fc.uniqueArray(fc.record({ name: serverName, value: server, layout, comment: fc.boolean() }), {
    selector: (s) => s.name,
    minLength: 1,
    maxLength: 5,
  }),
  // Where inline/dotted servers live: at the root (`mcp_servers.x…`), in a `[mcp_servers]` table,
  // or (all servers inline) in one `mcp_servers = { … }`.
  holder: fc.constantFrom('root', 'table', 'one-inline'),
  rootKeys: fc.dictionary(
    fc.constantFrom('model', 'approval_policy', 'n', 'tags'),
    fc.oneof(word, fc.integer({ min: 0, max: 99 }), fc.array(word, { maxLength: 2 })),
    { maxKeys: 3 },
  ),
  otherTable: fc.boolean(),
  blankLines: fc.boolean(),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  bom: fc.boolean(),
});
type TomlFile = typeof tomlFile extends fc.Arbitrary<infer T> ? T : never;

function renderToml(f: TomlFile): string {
  const sep = f.blankLines ? [''] : [];
  const head: string[] = Object.entries(f.rootKeys).map(([k, v]) => `${k} = ${tomlValue(v)}`);
  const body: string[] = [];
  const loose =
    f.holder === 'one-inline' ? [] : f.servers.filter((s) => s.layout === 'inline' || s.layout === 'dotted');
  const prefix = f.holder === 'root' ? 'mcp_servers.' : '';
  const looseLines = loose.flatMap((s) => [
    ...(s.comment ? [`# ${s.name} ✓`] : []),
    ...(s.layout === 'inline'
      ? [`${prefix}${tomlKey(s.name)} = ${tomlValue(s.value)}`]
      : Object.entries(s.value).map(([k, v]) => `${prefix}${tomlKey(s.name)}.${tomlKey(k)} = ${tomlValue(v)}`)),
  ]);
  if (f.holder === 'one-inline')
    head.push(`mcp_servers = { ${f.servers.map((s) => `${tomlKey(s.name)} = ${tomlValue(s.value)}`).join(', ')} }`);
  else if (f.holder === 'root') head.push(...looseLines);
  else if (looseLines.length) body.push('[mcp_servers]', ...looseLines, ...sep);
  if (f.holder !== 'one-inline') {
    for (const s of f.servers.filter((x) => !loose.includes(x))) {
      const key = `mcp_servers.${tomlKey(s.name)}`;
      if (s.comment) body.push(`# ${s.name} ✓`);
      body.push(`[${key}]`);
      const subs: string[] = [];
      for (const [k, v] of Object.entries(s.value)) {
        if (s.layout === 'table-subs' && v && typeof v === 'object' && !Array.isArray(v)) {
          subs.push(
            ...sep,
            ...(s.comment ? [`# ${k}`] : []),
            `[${key}.${tomlKey(k)}]`,
            ...Object.entries(v).map(([kk, vv]) => `${tomlKey(kk)} = ${tomlValue(vv)}`),
          );
        } else
          body.push(
            ...(s.comment && k.length % 2 ? [`# about ${k}`] : []),
            `${tomlKey(k)} = ${tomlValue(v)}${s.comment ? ' # keep' : ''}`,
          );
      }
      body.push(...subs, ...sep);
    }
  }
  if (f.otherTable) body.push('# other settings', '[profiles.x]', 'model = "m" # keep');
  const lines = [...head, ...(head.length ? sep : []), ...body];
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const eol = f.crlf ? '\r\n' : '\n';
  return (f.bom ? '\uFEFF' : '') + lines.join(eol) + (f.finalNewline ? eol : '');
}

/** The file's value read by our parser and by smol-toml (which must agree). */
function read(bytes: string): Obj {
  const text = bytes.replace(/^\uFEFF/, '');
  const ours = parseToml(text, 'config.toml').root;
  expect(JSON.parse(JSON.stringify(smolParse(text)))).toEqual(JSON.parse(JSON.stringify(ours)));
  return ours;
}

describe('route/unroute over Codex TOML layouts', () => {
  it('keeps what it does not own, keeps routed servers under mcp_servers, and unroutes to the original bytes', async () => {
    await fc.assert(
      fc.asyncProperty(tomlFile, async (f) => {
        const h = makeHome();
        try {
          const ops = createClientOps({
            host: createTestRouteHost(h.dataDir),
            env: h.env,
            platform: 'linux',
            processes: fakeProcesses(),
            keychain: memoryKeychain(),
          });
          const file = path.join(h.home, '.codex', 'config.toml');
          fs.mkdirSync(path.dirname(file), { recursive: true });
          const original = renderToml(f);
          fs.writeFileSync(file, original);
          const before = read(original);

          const res = await ops.route('codex');
          const routed = fs.readFileSync(file, 'utf8');
          const after = read(routed);
          expect(routed.startsWith('\uFEFF')).toBe(f.bom);
          expect(Object.keys(after)).toEqual(Object.keys(before));
          for (const k of Object.keys(before)) if (k !== 'mcp_servers') expect(after[k]).toEqual(before[k]);
          const was = before.mcp_servers as Record<string, Obj>;
          const now = after.mcp_servers as Record<string, Obj>;
          expect(Object.keys(now)).toEqual(Object.keys(was));
          for (const [name, value] of Object.entries(was)) {
            const kind = codexAdapter.classify(value).kind;
            expect(res.entries.find((e) => e.name === name)?.status, name).toBe(
              kind === 'local' ? undefined : 'routed',
            );
            if (kind === 'local') expect(now[name], name).toEqual(value);
            else expect(codexAdapter.classify(now[name]!).kind, name).toBe('routed');
          }
          // Lines the companion writes use the file's line ending.
          if (original.includes('\r\n')) expect(routed.replace(/\r\n/g, '')).not.toContain('\n');
          else expect(routed).not.toContain('\r');

          await ops.unroute('codex');
          expect(fs.readFileSync(file, 'utf8')).toBe(original);
        } finally {
          h.cleanup();
        }
      }),
      { numRuns: 40 },
    );
  });
});
