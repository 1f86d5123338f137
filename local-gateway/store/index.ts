// openStore: one connection per process to `<dataDir>/companion.db`, migrated on open, with
// each table's module holding its own prepared statements. No module-level state: the
// composition root opens the store once and passes it to the parts that own each table.
import path from 'node:path';
import { ensureDataDir, explainDataDirError } from './data-dir.js';
import { DB_FILE_NAME, openDatabase, restrictDatabaseFiles, type Db } from './database.js';
import type { StoreContext } from './context.js';
import { createFreshness, type Freshness } from './freshness.js';
import { createEvents, type ListEventsOptions } from './events.js';
import { createLeases } from './leases.js';
import { createLocalTokens } from './local-tokens.js';
import { migrate } from './migrations.js';
import { createRegistrations, type RegistrationKey } from './registrations.js';
import { createServers, type NewServer } from './servers.js';
import { createSettings } from './settings.js';
import { createTokens } from './tokens.js';
import type {
  AuthKind,
  CompanionEvent,
  LocalClientToken,
  NewRegistration,
  PreRegisteredClient,
  Registration,
  SecretBox,
  TokenSet,
  UpstreamServer,
} from './types.js';

export { createFileSecretBox, createKeySecretBox } from './secret-box.js';
export { defaultDataDir, ensureDataDir } from './data-dir.js';
export type * from './types.js';

export interface StoreOptions {
  dataDir: string;
  secretBox: SecretBox;
  now?: () => number;
  onEvent?: StoreContext['onEvent'];
  /** How stale (ms) a cache may be about another connection's commit; 0 (default): not at all. */
  freshnessMs?: number;
}

export interface Store {
  readonly db: Db;
  close(): void;
  /** PRAGMA data_version: changes when ANOTHER connection (e.g. the CLI process) commits. */
  dataVersion(): number;
  /** The one freshness check of every in-memory cache over this store (see freshness.ts). */
  readonly freshness: Freshness;
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
  addServer(input: NewServer): UpstreamServer;
  getServer(name: string): UpstreamServer | undefined;
  findServer(url: string, headers?: Record<string, string>): UpstreamServer | undefined;
  listServers(): UpstreamServer[];
  setServerAuth(name: string, auth: AuthKind, problem?: string | null): void;
  setServerOAuthClient(name: string, client: PreRegisteredClient | undefined): void;
  removeServer(name: string): boolean;
  findRegistration(key: RegistrationKey): Registration | undefined;
  saveRegistration(reg: NewRegistration): Registration;
  deleteRegistration(id: number): void;
  listRegistrations(): Registration[];
  getTokens(serverName: string): TokenSet | undefined;
  saveTokens(tokens: Omit<TokenSet, 'updatedAt'>): void;
  deleteTokens(serverName: string): void;
  ensureLocalToken(label: string, servers?: readonly string[]): string;
  localTokenAllows(label: string, server: string): boolean;
  localTokenServers(label: string): string[];
  rotateLocalToken(label: string): string;
  verifyLocalToken(raw: string): string | undefined;
  revokeLocalToken(label: string): boolean;
  listLocalTokens(): LocalClientToken[];
  addEvent(type: string, server: string | undefined, detail?: Record<string, unknown>): void;
  /** Writes a batch of events in one transaction. */
  addEvents(events: Array<{ type: string; server?: string; detail: Record<string, unknown> }>, trusted?: boolean): void;
  listEvents(opts?: ListEventsOptions): CompanionEvent[];
  /** Cross-process mutual exclusion (e.g. single-flight token refresh across the app and a CLI): true if acquired (or already held by owner); expired leases can be taken over. */
  tryAcquireLease(key: string, owner: string, ttlMs: number): boolean;
  releaseLease(key: string, owner: string): void;
}

export function openStore(opts: StoreOptions): Store {
  ensureDataDir(opts.dataDir);
  const file = path.join(opts.dataDir, DB_FILE_NAME);
  let db: Db;
  try {
    db = openDatabase(file);
  } catch (err) {
    throw explainDataDirError(opts.dataDir, err) ?? err;
  }
  try {
    migrate(db);
    restrictDatabaseFiles(file);
    const versionStmt = db.prepare<[], number>('PRAGMA data_version').pluck();
    const dataVersion = () => versionStmt.get()!;
    const freshness = createFreshness(dataVersion, opts.freshnessMs);
    const ctx: StoreContext = { db, box: opts.secretBox, now: opts.now ?? Date.now, onEvent: opts.onEvent, freshness };
    return {
      db,
      close: () => db.close(),
      dataVersion,
      freshness,
      ...createSettings(ctx),
      ...createServers(ctx),
      ...createRegistrations(ctx),
      ...createTokens(ctx),
      ...createLocalTokens(ctx),
      ...createEvents(ctx),
      ...createLeases(ctx),
    };
  } catch (err) {
    db.close();
    throw explainDataDirError(opts.dataDir, err) ?? err;
  }
}
