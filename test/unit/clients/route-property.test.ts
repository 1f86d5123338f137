// Property tests over generated configs: route/unroute never drops or alters an entry it does
// not own (byte-for-byte), unroute restores the file exactly, and a file that fails to parse is
// never written.

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { readSourceEntries } from '../../../local-gateway/clients/config-source.js';
import { createClientOps, type ClientId } from '../../../local-gateway/clients/index.js';
import { getAdapter } from '../../../local-gateway/clients/registry.js';
import { memoryKeychain } from '../../../local-gateway/clients/system.js';
import { tomlKey, tomlValue } from '../../../local-gateway/config-edit/toml-doc.js';
import { isCompanionError } from '../../../local-gateway/core/errors.js';
import { fakeProcesses, makeHome } from '../../support/client-homes.js';
import { createTestRouteHost } from '../../support/route-host.js';

const text = fc.string({ maxLength: 12, unit: 'grapheme' });
const url = fc.constantFrom('https://a.example.com/mcp', 'https://b.example.org/sse', 'http://c.test:8080/x/mcp');
const headers = fc.dictionary(
  fc.constantFrom('X-Api-Key', 'X-Team', 'Authorization'),
  fc.stringMatching(/^[A-Za-z0-9 ${}_-]{4,16}$/),
  { maxKeys: 2 },
);
const extra = fc.dictionary(
  fc.constantFrom('timeout', 'disabled', 'note', 'tools'),
  fc.oneof(fc.integer(), fc.boolean(), text, fc.array(text, { maxLength: 3 })),
  { maxKeys: 2 },
);

const localEntry = fc
  .record({ command: text, args: fc.array(text, { maxLength: 3 }) })
  .chain((e) => extra.map((x) => ({ ...x, ...e })));
const httpEntry = fc.record({ url, headers }).chain((e) => extra.map((x) => ({ ...x, ...e })));
const remoteStdio = fc.tuple(url, headers).map(([u, h]) => ({
  command: 'npx',
  args: ['-y', 'mcp-remote', u, ...Object.entries(h).flatMap(([k, v]) => ['--header', `${k}:${v}`])],
}));
const entry = fc.oneof(localEntry, httpEntry, remoteStdio);
const names = fc.uniqueArray(
  fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), fc.string({ minLength: 1, maxLength: 5, unit: 'grapheme' })),
  { minLength: 1, maxLength: 6 },
);

const jsonConfig = fc.record({
  names,
  entries: fc.array(entry, { minLength: 6, maxLength: 6 }),
  top: fc.dictionary(
    fc.stringMatching(/^[a-z]{1,6}$/).filter((k) => k !== 'mcpServers'),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 3 },
  ),
  indent: fc.constantFrom('  ', '    ', '\t'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  comment: fc.boolean(),
  trailingComma: fc.boolean(),
});

type JsonConfig = typeof jsonConfig extends fc.Arbitrary<infer T> ? T : never;

function renderJson(c: JsonConfig): string {
  const servers: Record<string, unknown> = {};
  c.names.forEach((n, i) => (servers[n] = c.entries[i]));
  let t = JSON.stringify({ ...c.top, mcpServers: servers }, null, c.indent) + '\n';
  if (c.trailingComma) t = t.replace(/\n}\n$/, ',\n}\n');
  if (c.comment) t = `// generated ✓ ${c.names[0]}\n` + t;
  return (c.bom ? '\uFEFF' : '') + (c.crlf ? t.replace(/\n/g, '\r\n') : t);
}

const stripBom = (t: string) => (t.charCodeAt(0) === 0xfeff ? t.slice(1) : t);

function withOps(fn: (ctx: { home: string; ops: ReturnType<typeof createClientOps> }) => Promise<void>): Promise<void> {
  const h = makeHome();
  const host = createTestRouteHost(h.dataDir);
  const ops = createClientOps({
    host,
    env: h.env,
    platform: 'linux',
    processes: fakeProcesses(),
    keychain: memoryKeychain(),
  });
  return fn({ home: h.home, ops }).finally(() => h.cleanup());
}

/** name → exact source text of each entry the adapter does not own. */
function foreignEntries(client: ClientId, file: string, src: string): Map<string, string> {
  const adapter = getAdapter(client);
  const spec = adapter.configFiles({
    env: {},
    platform: 'linux',
    home: '/',
    projectDirs: [],
    processes: fakeProcesses(),
    keychain: memoryKeychain(),
    now: Date.now,
  })[0]!;
  const out = new Map<string, string>();
  for (const e of readSourceEntries({ ...spec, path: file }, src.replace(/^\uFEFF/, '')))
    if (adapter.classify(e.value).kind === 'local') out.set(e.name, e.raw);
  return out;
}

describe('route/unroute properties', () => {
  it('JSON with a duplicated entry name: a correct, reversible edit or a refusal that leaves the file untouched', async () => {
    await fc.assert(
      fc.asyncProperty(jsonConfig, fc.boolean(), async (c, dupRemote) => {
        await withOps(async ({ home, ops }) => {
          const file = path.join(home, '.cursor', 'mcp.json');
          fs.mkdirSync(path.dirname(file), { recursive: true });
          const dup = JSON.stringify(dupRemote ? { url: 'https://dup.example.com/mcp' } : { command: 'dup' });
          const original = renderJson(c).replace(/"mcpServers": \{/, `"mcpServers": {"${c.names[0]}": ${dup},`);
          fs.writeFileSync(file, original);
          const outcome = await ops.route('cursor').then(
            () => 'routed',
            (err: unknown) => err,
          );
          if (outcome !== 'routed') {
            expect(isCompanionError(outcome), String(outcome)).toBe(true);
            expect(fs.readFileSync(file, 'utf8')).toBe(original);
            return;
          }
          const routed = fs.readFileSync(file, 'utf8');
          expect(parseErrorsOf(stripBom(routed))).toEqual([]);
          await ops.unroute('cursor');
          expect(fs.readFileSync(file, 'utf8')).toBe(original);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('JSON (Cursor): entries it does not own keep their exact text; unroute restores the file', async () => {
    await fc.assert(
      fc.asyncProperty(jsonConfig, async (c) => {
        await withOps(async ({ home, ops }) => {
          const file = path.join(home, '.cursor', 'mcp.json');
          fs.mkdirSync(path.dirname(file), { recursive: true });
          const original = renderJson(c);
          fs.writeFileSync(file, original);
          const before = foreignEntries('cursor', file, original);
          await ops.route('cursor');
          const routed = fs.readFileSync(file, 'utf8');
          expect(foreignEntries('cursor', file, routed)).toEqual(before);
          expect(routed.charCodeAt(0) === 0xfeff).toBe(c.bom);
          const parsed = parseJsonc(stripBom(routed)) as Record<string, unknown>;
          // Compared with the value as written and read back by the same parser: JSON has no -0, and
          // a "__proto__" key reads back the same way on both sides.
          for (const [k, v] of Object.entries(c.top)) expect(parsed[k]).toEqual(parseJsonc(JSON.stringify(v)));
          expect(Object.keys(parsed.mcpServers as object)).toEqual(c.names);
          await ops.unroute('cursor');
          expect(fs.readFileSync(file, 'utf8')).toBe(original);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('TOML (Codex): other tables and entries keep their exact text; unroute restores the file', async () => {
    const tomlConfig = fc.record({
      names: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), { minLength: 1, maxLength: 5 }),
      entries: fc.array(entry, { minLength: 5, maxLength: 5 }),
      comment: fc.boolean(),
      crlf: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(tomlConfig, async (c) => {
        await withOps(async ({ home, ops }) => {
          const file = path.join(home, '.codex', 'config.toml');
          fs.mkdirSync(path.dirname(file), { recursive: true });
          const lines = ['model = "gpt-5"', ''];
          c.names.forEach((n, i) => {
            if (c.comment) lines.push(`# server ${n} ✓`);
            lines.push(`[mcp_servers.${tomlKey(n)}]`);
            const e = c.entries[i] as Record<string, unknown>;
            for (const [k, v] of Object.entries(e))
              lines.push(`${tomlKey(k === 'headers' ? 'http_headers' : k)} = ${tomlValue(v)}`);
            lines.push('');
          });
          lines.push('[profiles.x]', 'model = "m" # keep');
          const eol = c.crlf ? '\r\n' : '\n';
          const original = lines.join(eol) + eol;
          fs.writeFileSync(file, original);
          const before = foreignEntries('codex', file, original);
          await ops.route('codex');
          const routed = fs.readFileSync(file, 'utf8');
          expect(foreignEntries('codex', file, routed)).toEqual(before);
          expect(routed.endsWith(`[profiles.x]${eol}model = "m" # keep${eol}`)).toBe(true);
          await ops.unroute('codex');
          expect(fs.readFileSync(file, 'utf8')).toBe(original);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('a file that fails to parse is never written', async () => {
    const corruption = fc.record({ at: fc.nat(), junk: fc.constantFrom('{', '}', '"', ':', ',,', '[', 'x') });
    await fc.assert(
      fc.asyncProperty(jsonConfig, corruption, async (c, k) => {
        const good = renderJson(c);
        const at = k.at % good.length;
        const bad = good.slice(0, at) + k.junk + good.slice(at);
        const errors: ParseError[] = [];
        parseJsonc(stripBom(bad), errors, { allowTrailingComma: true }); // a leading BOM is fine: it is kept, not parsed
        fc.pre(errors.length > 0);
        await withOps(async ({ home, ops }) => {
          const file = path.join(home, '.cursor', 'mcp.json');
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, bad);
          const written = fs.readFileSync(file); // `bad` may hold a split surrogate pair: compare bytes on disk
          const err = await ops.route('cursor').then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isCompanionError(err, 'config_unparseable')).toBe(true);
          expect((err as Error).message).toMatch(/mcp\.json:\d+:\d+: /);
          expect(fs.readFileSync(file).equals(written)).toBe(true);
          expect(fs.readdirSync(path.dirname(file))).toEqual(['mcp.json']);
        });
      }),
      { numRuns: 40 },
    );
  });
});

function parseErrorsOf(text: string): ParseError[] {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { allowTrailingComma: true });
  return errors;
}
