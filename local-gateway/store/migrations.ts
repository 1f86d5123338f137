// Numbered schema steps tracked with PRAGMA user_version. Each step runs in its own
// IMMEDIATE transaction and re-checks the version inside it, so two processes opening a
// fresh file at once (app + CLI) apply every step exactly once.
import { CompanionError } from '../core/errors.js';
import type { Db } from './database.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      -- headers_sealed: upstream headers often carry API keys, so they are sealed too.
      -- Names are case-insensitive (they appear in local URLs, which Express matches that way).
      CREATE TABLE servers (
        name           TEXT PRIMARY KEY COLLATE NOCASE,
        url            TEXT NOT NULL,
        transport      TEXT NOT NULL CHECK (transport IN ('streamable-http', 'sse')),
        headers_sealed TEXT NOT NULL,
        created_at     INTEGER NOT NULL
      );
      CREATE INDEX servers_url ON servers (url);
      -- AUTOINCREMENT: a dropped registration's id is never reused by a new one.
      CREATE TABLE registrations (
        id                          INTEGER PRIMARY KEY AUTOINCREMENT,
        issuer                      TEXT NOT NULL,
        resource                    TEXT NOT NULL,
        redirect_uri                TEXT NOT NULL,
        client_id                   TEXT NOT NULL,
        client_secret_sealed        TEXT,
        client_secret_expires_at    INTEGER,
        registration_access_token_sealed TEXT,
        registration_client_uri     TEXT,
        token_endpoint_auth_method  TEXT,
        metadata                    TEXT NOT NULL,
        created_at                  INTEGER NOT NULL,
        UNIQUE (issuer, resource, redirect_uri)
      );
      CREATE TABLE tokens (
        server_name          TEXT PRIMARY KEY COLLATE NOCASE REFERENCES servers (name) ON DELETE CASCADE,
        registration_id      INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
        access_token_sealed  TEXT NOT NULL,
        refresh_token_sealed TEXT,
        token_type           TEXT NOT NULL,
        scope                TEXT,
        expires_at           INTEGER,
        updated_at           INTEGER NOT NULL
      );
      CREATE INDEX tokens_registration ON tokens (registration_id);
      CREATE TABLE local_tokens (
        label        TEXT PRIMARY KEY,
        token_hash   TEXT NOT NULL,
        token_sealed TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        last_used_at INTEGER
      );
      CREATE TABLE events (
        id     INTEGER PRIMARY KEY AUTOINCREMENT,
        at     INTEGER NOT NULL,
        type   TEXT NOT NULL,
        server TEXT,
        detail TEXT NOT NULL
      );
      CREATE TABLE leases (
        key        TEXT PRIMARY KEY,
        owner      TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'learned upstream auth',
    // How each upstream authenticates is learned from its answers (auth.ts in services): unknown
    // until the first answer. A server that already holds OAuth tokens is an OAuth server.
    sql: `
      ALTER TABLE servers ADD COLUMN auth TEXT NOT NULL DEFAULT 'unknown'
        CHECK (auth IN ('unknown', 'none', 'headers', 'oauth'));
      ALTER TABLE servers ADD COLUMN auth_problem TEXT;
      UPDATE servers SET auth = 'oauth' WHERE name IN (SELECT server_name FROM tokens);
    `,
  },
  {
    version: 3,
    name: 'local token grants',
    // A local token opens only the servers granted to its label (by `route` or `connect --as`).
    // Grants are by server name, so a server removed and added again under its name keeps them.
    // Tokens issued before grants existed opened every server: each keeps the servers that exist
    // now, so routed clients go on working; servers added later need a grant.
    sql: `
      CREATE TABLE local_token_grants (
        label       TEXT NOT NULL REFERENCES local_tokens (label) ON DELETE CASCADE,
        server_name TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (label, server_name)
      );
      INSERT INTO local_token_grants (label, server_name)
        SELECT local_tokens.label, servers.name FROM local_tokens CROSS JOIN servers;
    `,
  },
  {
    version: 4,
    name: 'client modes',
    // How the companion identifies itself to a server's authorization server: a Client ID Metadata
    // Document URL (its other servers use it too), or a client registered beforehand by the user's
    // organisation (carried over from a routed IDE entry; sealed: it may hold a client secret).
    // A registrations row records which client obtained a server's tokens, whatever its kind: only
    // 'dcr' rows were registered by the companion (and can go stale).
    sql: `
      ALTER TABLE servers ADD COLUMN client_id_metadata_url TEXT;
      ALTER TABLE servers ADD COLUMN oauth_client_sealed TEXT;
      ALTER TABLE registrations ADD COLUMN kind TEXT NOT NULL DEFAULT 'dcr'
        CHECK (kind IN ('dcr', 'cimd', 'pre-registered'));
    `,
  },
];

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies pending steps; throws CompanionError('conflict') if the file is newer than the code. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = () => {
    const version = schemaVersion(db);
    if (version > latest) throw newerSchema(db.name, version, latest);
    return version;
  };
  for (const step of migrations) {
    if (step.version <= current()) continue;
    db.transaction(() => {
      if (step.version <= current()) return; // another process applied it meanwhile
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
  return current();
}

function newerSchema(file: string, found: number, supported: number): CompanionError {
  return new CompanionError(
    'conflict',
    `${file} was written by a newer version of MCP Companion (schema ${found}; this version ` +
      `supports up to ${supported}). Update MCP Companion, or set MCP_COMPANION_HOME to another folder.`,
    { schemaVersion: found, supportedVersion: supported },
  );
}
