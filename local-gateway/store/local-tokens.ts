// Per-client local credentials for the loopback gateway. Verification uses only the SHA-256
// hash, compared in constant time against every row; the sealed copy exists so that routing
// a client twice writes the same token into its config instead of breaking the first one.
// Verification runs on every proxied request, so the rows are kept in memory (decoded once) and
// re-read only when another connection commits (store freshness) or this one writes them.
// Each label is granted the servers it was issued for (route, connect --as); the grants are
// cached with the rows, so the per-request check is a Set lookup.
import crypto from 'node:crypto';
import { CompanionError } from '../core/errors.js';
import type { StoreContext } from './context.js';
import type { LocalClientToken } from './types.js';

export const LOCAL_TOKEN_PREFIX = 'mcpc_';
export const LOCAL_LABEL_PATTERN = /^[a-z0-9][a-z0-9._:@-]{0,63}$/i;
const LAST_USED_RESOLUTION_MS = 60_000;

interface HashRow {
  label: string;
  token_hash: string;
  last_used_at: number | null;
}

interface CachedRow {
  label: string;
  hash: Buffer;
  lastUsedAt: number | null;
  /** Granted server names, lower-cased (server names are case-insensitive). */
  servers: Set<string>;
}

interface GrantRow {
  label: string;
  server_name: string;
}

interface ListRow {
  label: string;
  created_at: number;
  last_used_at: number | null;
}

export function createLocalTokens({ db, box, now, freshness }: StoreContext) {
  const sealedByLabel = db.prepare<[string], string>('SELECT token_sealed FROM local_tokens WHERE label = ?').pluck();
  const hashes = db.prepare<[], HashRow>('SELECT label, token_hash, last_used_at FROM local_tokens');
  const list = db.prepare<[], ListRow>('SELECT label, created_at, last_used_at FROM local_tokens ORDER BY label');
  const remove = db.prepare<[string]>('DELETE FROM local_tokens WHERE label = ?');
  const grants = db.prepare<[], GrantRow>('SELECT label, server_name FROM local_token_grants ORDER BY server_name');
  const grant = db.prepare<[string, string]>(
    'INSERT OR IGNORE INTO local_token_grants (label, server_name) VALUES (?, ?)',
  );
  const touch = db.prepare<[number, string]>('UPDATE local_tokens SET last_used_at = ? WHERE label = ?');
  const upsert = db.prepare<[string, string, string, number]>(`
    INSERT INTO local_tokens (label, token_hash, token_sealed, created_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (label) DO UPDATE SET token_hash = excluded.token_hash,
      token_sealed = excluded.token_sealed, created_at = excluded.created_at, last_used_at = NULL`);

  let cached: CachedRow[] | undefined;
  let byLabel = new Map<string, CachedRow>();
  // Own writes are not seen by freshness: every write path here drops the cache itself.
  const invalidate = (): void => {
    cached = undefined;
  };
  freshness.onChange(invalidate);
  const rows = (): CachedRow[] => {
    freshness.check();
    if (cached === undefined) {
      cached = hashes.all().map((r) => ({
        label: r.label,
        hash: Buffer.from(r.token_hash, 'hex'),
        lastUsedAt: r.last_used_at,
        servers: new Set<string>(),
      }));
      byLabel = new Map(cached.map((r) => [r.label, r]));
      for (const g of grants.all()) byLabel.get(g.label)?.servers.add(g.server_name.toLowerCase());
    }
    return cached;
  };
  const lookup = (raw: string): CachedRow | undefined => {
    const all = rows();
    // One-shot hash: createHash() builds a Hash object per call, several times slower on this path.
    const candidate = crypto.hash('sha256', raw, 'buffer');
    let match: CachedRow | undefined;
    // No early exit: every stored hash is compared, so timing does not reveal which matched.
    for (const row of all) {
      if (row.hash.length === candidate.length && crypto.timingSafeEqual(row.hash, candidate)) match = row;
    }
    return match;
  };

  const mint = (label: string): string => {
    const raw = LOCAL_TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
    invalidate();
    upsert.run(label, sha256Hex(raw), box.seal(raw), now());
    return raw;
  };
  // IMMEDIATE: the app and a CLI routing at the same moment must agree on one token.
  const ensure = db.transaction((label: string, servers: readonly string[]): string => {
    const sealed = sealedByLabel.get(label);
    const raw = sealed === undefined ? mint(label) : box.open(sealed);
    let granted = 0;
    for (const server of servers) granted += grant.run(label, server).changes;
    if (granted > 0) invalidate();
    return raw;
  });
  const rotate = db.transaction(mint);

  return {
    /** The label's token (minted on first use), granted `servers` in addition to what it had. */
    ensureLocalToken(label: string, servers: readonly string[] = []): string {
      return ensure.immediate(validLabel(label), servers);
    },
    /** Whether the label's token may open this server (checked on every proxied request). */
    localTokenAllows(label: string, server: string): boolean {
      rows();
      return byLabel.get(label)?.servers.has(server.toLowerCase()) ?? false;
    },
    localTokenServers(label: string): string[] {
      rows();
      return [...(byLabel.get(label)?.servers ?? [])].sort();
    },
    rotateLocalToken(label: string): string {
      return rotate.immediate(validLabel(label));
    },
    /** The label the token belongs to, or undefined. */
    verifyLocalToken(raw: string): string | undefined {
      const match = lookup(raw);
      if (!match) return undefined;
      const at = now();
      if (match.lastUsedAt === null || at - match.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
        try {
          touch.run(at, match.label);
          match.lastUsedAt = at;
        } catch {
          // Only a usage timestamp: a busy database must not turn a valid request away.
        }
      }
      return match.label;
    },
    revokeLocalToken(label: string): boolean {
      invalidate();
      return remove.run(label).changes > 0;
    },
    listLocalTokens(): LocalClientToken[] {
      return list.all().map((row) => ({
        label: row.label,
        createdAt: row.created_at,
        ...(row.last_used_at !== null && { lastUsedAt: row.last_used_at }),
      }));
    },
  };
}

function sha256Hex(raw: string): string {
  return crypto.createHash('sha256').update(raw, 'utf8').digest('hex');
}

function validLabel(label: string): string {
  if (typeof label !== 'string' || !LOCAL_LABEL_PATTERN.test(label)) {
    throw new CompanionError(
      'bad_input',
      'Client labels are 1-64 characters: letters, digits, ".", "_", ":", "@" or "-", starting with a letter or digit.',
    );
  }
  return label;
}
