// Claude Code's "needs authentication" verdicts: `<config dir>/mcp-needs-auth-cache.json`, a JSON
// object keyed by server NAME, `{"<name>": {"timestamp": <ms>, "id"?, "ttlMs"?, …}}`. While an
// entry is younger than its TTL (15 min for plain http/sse servers, 4 h for claude.ai connectors
// and some plugin servers) every session skips that server ("Skipping connection (cached
// needs-auth)") although `claude mcp list` connects fine [source: npm
// @anthropic-ai/claude-code@2.1.197 and @2.1.332, docs/client-caches.md]. The name is the whole
// key, so routing an entry does not invalidate its verdict: route and reset remove it.
//
// Only names of this client's remote or routed entries are listed, so claude.ai connectors and
// plugin servers we do not manage keep theirs. A file that is not strict JSON holding an object
// is never edited; the error says so and the rest of a reset goes on.

import fs from 'node:fs';
import { CompanionError } from '../../core/errors.js';
import { isObj } from '../entry-shapes.js';
import { joinFor } from '../platform-paths.js';
import type { ClientContext, CredentialStore, ResetBackupItem } from '../types.js';
import { claudeConfigDir } from './claude-code.js';
import { editJsonFile, isoFromEpoch } from './json-file.js';
import { credential } from './json-map-store.js';

export function claudeNeedsAuthFile(ctx: ClientContext): string {
  return joinFor(ctx.platform, claudeConfigDir(ctx), 'mcp-needs-auth-cache.json');
}

/** The parsed cache, `undefined` when absent; throws (file untouched) when it is not a JSON object. */
function readStrict(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    v = undefined;
  }
  if (!isObj(v)) {
    throw new CompanionError(
      'config_unparseable',
      `${file} is not a JSON object, so Claude Code's cached "needs authentication" verdicts in it were left as they are (file not changed); delete the file by hand if Claude Code keeps skipping a server`,
      { file },
    );
  }
  return v;
}

export function claudeNeedsAuthStore(ctx: ClientContext): CredentialStore {
  const file = claudeNeedsAuthFile(ctx);
  return {
    label: file,
    async list(entries) {
      const map = readStrict(file);
      if (!map) return [];
      const ours = new Set(entries.filter((e) => e.kind !== 'local').map((e) => e.name));
      return Object.entries(map)
        .filter(([name]) => ours.has(name))
        .map(([name, v]) => {
          const updatedAt = isObj(v) ? isoFromEpoch(v.timestamp) : undefined;
          return credential(ctx, file, name, { server: name, ...(updatedAt ? { updatedAt } : {}) });
        });
    },
    async remove(items, seal) {
      readStrict(file); // re-checked right before the edit: a broken file stays byte-for-byte
      const backups: ResetBackupItem[] = [];
      editJsonFile(
        file,
        (current) => {
          const map = isObj(current) ? current : {};
          return items.flatMap((it) => {
            if (!(it.key in map)) return [];
            backups.push({
              kind: 'json-key',
              file,
              container: [],
              key: it.key,
              sealed: seal(JSON.stringify(map[it.key])),
            });
            return [{ path: [it.key], value: undefined }];
          });
        },
        { reformat: false },
      );
      return backups;
    },
  };
}
