// Reading every entry of a client (all its config files and scopes), classified. Unparseable
// files are reported, not thrown, so `clients` and `doctor` can show them.

import fs from 'node:fs';
import { getNodeValue } from 'jsonc-parser';
import { parseJsonDoc } from '../config-edit/jsonc-doc.js';
import { parseToml } from '../config-edit/toml-doc.js';
import { parseYamlFragment } from '../config-edit/yaml-doc.js';
import { errorMessage, isCompanionError } from '../core/errors.js';
import { readSourceEntries } from './config-source.js';
import { isObj, type Obj } from './entry-shapes.js';
import { loadRouteRecord, originalText } from './route-record.js';
import type { ClassifiedEntry, ClientAdapter, ConfigFileStatus, EngineDeps, EntryLocator } from './types.js';

export interface ClientEntries {
  files: ConfigFileStatus[];
  entries: ClassifiedEntry[];
}

export function readAllEntries(
  adapter: ClientAdapter,
  deps: EngineDeps,
  opts: { includeRouted?: boolean } = {},
): ClientEntries {
  const files: ConfigFileStatus[] = [];
  const entries: ClassifiedEntry[] = [];
  for (const spec of adapter.configFiles(deps.ctx)) {
    if (!fs.existsSync(spec.path)) {
      files.push({ path: spec.path, scope: spec.scope, exists: false });
      continue;
    }
    try {
      const text = fs.readFileSync(spec.path, 'utf8').replace(/^\uFEFF/, '');
      for (const e of readSourceEntries(spec, text)) {
        const { start: _s, end: _e, raw: _r, ...rest } = e;
        entries.push({ ...rest, ...adapter.classify(e.value) });
      }
      files.push({ path: spec.path, scope: spec.scope, exists: true });
    } catch (err) {
      if (!isCompanionError(err) && (err as NodeJS.ErrnoException).code === undefined) throw err;
      files.push({ path: spec.path, scope: spec.scope, exists: true, error: errorMessage(err) });
    }
  }
  if (opts.includeRouted) entries.push(...routedOriginals(adapter, deps));
  return { files, entries };
}

/** What routed entries pointed at before routing (their caches may still be on disk). */
function routedOriginals(adapter: ClientAdapter, deps: EngineDeps): ClassifiedEntry[] {
  const out: ClassifiedEntry[] = [];
  for (const r of loadRouteRecord(deps.host.dataDir, adapter.id).entries) {
    try {
      const raw = originalText(r, (s) => deps.host.open(s));
      const value = parseOriginal(r.locator.kind, raw, r.file, r.name);
      if (!value) continue;
      const cls = adapter.classify(value);
      if (cls.kind === 'remote')
        out.push({ file: r.file, scope: 'user', name: r.name, locator: r.locator, value, ...cls });
    } catch {
      // An unreadable record entry only means fewer caches are found.
    }
  }
  return out;
}

function parseOriginal(kind: EntryLocator['kind'], raw: string, file: string, name: string): Obj | undefined {
  if (kind === 'yaml') return parseYamlFragment(raw, file);
  if (kind === 'toml') {
    const servers = parseToml(raw, file).root.mcp_servers;
    const v = isObj(servers) ? servers[name] : undefined;
    return isObj(v) ? v : undefined;
  }
  const doc = parseJsonDoc(raw, file);
  const v = doc.root ? (getNodeValue(doc.root) as unknown) : undefined;
  return isObj(v) ? v : undefined;
}
