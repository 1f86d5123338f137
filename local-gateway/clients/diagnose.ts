// `doctor`: per client, what will fail and the exact command that fixes it.

import { describeClient } from './describe.js';
import { readAllEntries } from './entries.js';
import { findEntry, locatorFormat, parseSource } from './config-source.js';
import { loadRouteRecord, valueHash } from './route-record.js';
import fs from 'node:fs';
import type { ClientAdapter, EngineDeps, Finding } from './types.js';

export async function diagnoseClient(adapter: ClientAdapter, deps: EngineDeps): Promise<Finding[]> {
  const d = await describeClient(adapter, deps);
  const id = adapter.id;
  const name = adapter.displayName;
  const out: Finding[] = [];
  for (const f of d.configFiles) {
    if (f.error)
      out.push({
        client: id,
        severity: 'error',
        problem: `${name} cannot load its MCP config: ${f.error}`,
        fix: `Fix the syntax at the position shown; the companion will not edit ${f.path} until it parses.`,
      });
  }
  const unrouted = d.entries.filter((e) => e.kind === 'remote');
  for (const c of d.cachedCredentials) {
    const entry = unrouted.find((e) => e.name === c.server);
    const when = c.updatedAt ? `, registered before ${c.updatedAt.slice(0, 10)}` : '';
    const what = c.clientId ? `client_id ${c.clientId}` : 'an OAuth registration';
    if (entry) {
      out.push({
        client: id,
        severity: 'warning',
        server: c.server,
        problem: `${name} caches ${what} for ${c.server}${when}; if the server pruned it, sign-in fails with "Unrecognized client_id".`,
        fix: `Run \`mcp-companion reset ${id} --server ${c.server}\` or route it: \`mcp-companion route ${id} --server ${c.server}\`.`,
      });
    } else {
      out.push({
        client: id,
        severity: 'info',
        server: c.server,
        problem: `${name} still caches ${what} for ${c.server}${when}, which no unrouted entry uses.`,
        fix: `Run \`mcp-companion reset ${id} --server ${c.server}\` to drop it.`,
      });
    }
  }
  for (const e of unrouted) {
    if (e.readOnly) {
      out.push({
        client: id,
        severity: 'warning',
        server: e.name,
        problem: `${name} entry ${e.name} in ${e.file} cannot be routed automatically: ${e.readOnly}.`,
        fix: `Point it at the companion by hand: \`mcp-companion connect ${e.name} --as ${id}\` prints the URL and header.`,
      });
      continue;
    }
    // Stdio-only clients (Claude Desktop, Junie) skip a url entry altogether.
    if (!adapter.httpCapable && e.via === 'http') {
      out.push({
        client: id,
        severity: 'error',
        server: e.name,
        problem: `${name} skips "${e.name}": it starts only stdio servers (command, args), not url entries like this one in ${e.file}.`,
        fix: `Run \`mcp-companion route ${id} --server ${e.name}\` (it becomes a stdio bridge).`,
      });
    } else if (id === 'amazon-q' && e.via === 'http' && entryValue(adapter, deps, e.name)?.type !== 'http') {
      out.push({
        client: id,
        severity: 'error',
        server: e.name,
        problem: `Amazon Q Developer reads "${e.name}" as a stdio server: it has a url but no "type": "http".`,
        fix: `Run \`mcp-companion route amazon-q --server ${e.name}\` (the routed entry has "type": "http"), or add "type": "http" to it.`,
      });
    } else if (
      id === 'windsurf' &&
      e.via === 'http' &&
      !d.cachedCredentials.some((c) => c.server === e.name) &&
      usesUrlField(adapter, deps, e.name)
    ) {
      out.push({
        client: id,
        severity: 'error',
        server: e.name,
        problem: `Windsurf ignores "url" (it needs "serverUrl") for ${e.name}.`,
        fix: `Run \`mcp-companion route windsurf --server ${e.name}\`.`,
      });
    } else if (!d.cachedCredentials.some((c) => c.server === e.name)) {
      out.push({
        client: id,
        severity: 'info',
        server: e.name,
        problem: `${name} runs OAuth itself for ${e.name} (${e.url}).`,
        fix: `Run \`mcp-companion route ${id} --server ${e.name}\` so the companion owns sign-in.`,
      });
    }
  }
  out.push(...modifiedRoutes(adapter, deps));
  return out;
}

function entryValue(adapter: ClientAdapter, deps: EngineDeps, entryName: string): Record<string, unknown> | undefined {
  return readAllEntries(adapter, deps).entries.find((x) => x.name === entryName)?.value;
}

function usesUrlField(adapter: ClientAdapter, deps: EngineDeps, entryName: string): boolean {
  const v = entryValue(adapter, deps, entryName);
  return !!v && typeof v.url === 'string' && v.serverUrl === undefined;
}

/** Routed entries the user edited since: unroute will leave them, and they may not work. */
function modifiedRoutes(adapter: ClientAdapter, deps: EngineDeps): Finding[] {
  const out: Finding[] = [];
  for (const r of loadRouteRecord(deps.host.dataDir, adapter.id).entries) {
    try {
      const text = fs.readFileSync(r.file, 'utf8').replace(/^\uFEFF/, '');
      const current = findEntry(parseSource(locatorFormat(r.locator), text, r.file), r.file, r.locator);
      if (current && valueHash(current.value) !== r.routedHash) {
        out.push({
          client: adapter.id,
          severity: 'warning',
          server: r.name,
          problem: `The routed entry ${r.name} in ${r.file} was changed by hand since it was routed.`,
          fix: `If it no longer works, remove it and run \`mcp-companion route ${adapter.id} --server ${r.name}\` again after restoring the server entry.`,
        });
      }
    } catch {
      // missing or unparseable files are reported elsewhere
    }
  }
  return out;
}
