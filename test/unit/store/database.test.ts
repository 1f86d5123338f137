// The file itself: modes, pragmas, migrations, secrets at rest, and two processes' views.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isCompanionError } from '../../../local-gateway/core/errors.js';
import { MIGRATIONS, migrate, schemaVersion } from '../../../local-gateway/store/migrations.js';
import { createFileSecretBox, openStore } from '../../../local-gateway/store/index.js';
import { fileMode, openTestStore, tempDataDir } from '../../support/store-fixture.js';

const LATEST = MIGRATIONS.at(-1)!.version;
const posix = process.platform !== 'win32';

function expectConflict(fn: () => unknown, text: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(isCompanionError(caught, 'conflict')).toBe(true);
  expect((caught as Error).message).toMatch(text);
}

describe('database file', () => {
  it('is created with the expected pragmas', () => {
    const { db } = openTestStore();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
  });

  it('keeps the db, -wal, -shm 0600 and the dir 0700 under a permissive umask', () => {
    if (!posix) return;
    const old = process.umask(0);
    try {
      const dir = path.join(tempDataDir(), 'home');
      const store = openTestStore(dir);
      store.setSetting('port', '47821');
      const db = path.join(dir, 'companion.db');
      for (const f of [db, `${db}-wal`, `${db}-shm`, path.join(dir, 'secret.key')]) {
        expect([f, fileMode(f)]).toEqual([f, 0o600]);
      }
      expect(fileMode(dir)).toBe(0o700);
      // A second connection (the CLI) re-creating sidecars still gets 0600.
      store.close();
      fs.rmSync(`${db}-wal`, { force: true });
      fs.rmSync(`${db}-shm`, { force: true });
      openTestStore(dir).setSetting('port', '1');
      expect(fileMode(`${db}-wal`)).toBe(0o600);
      expect(fileMode(`${db}-shm`)).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('stores and overwrites settings', () => {
    const store = openTestStore();
    expect(store.getSetting('port')).toBeUndefined();
    store.setSetting('port', '47821');
    store.setSetting('port', '47822');
    expect(store.getSetting('port')).toBe('47822');
  });
});

describe('migrations', () => {
  it('are applied once and idempotent across reopen', () => {
    const dir = tempDataDir();
    const first = openTestStore(dir);
    expect(schemaVersion(first.db)).toBe(LATEST);
    first.addServer({ name: 'tfy', url: 'https://gw.example.com/mcp' });
    first.close();
    const second = openTestStore(dir);
    expect(schemaVersion(second.db)).toBe(LATEST);
    expect(migrate(second.db)).toBe(LATEST);
    expect(second.getServer('tfy')?.url).toBe('https://gw.example.com/mcp');
  });

  it('numbers steps 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('applies a new step to an existing file, then older code refuses that file', () => {
    const dir = tempDataDir();
    openTestStore(dir).close();
    const file = path.join(dir, 'companion.db');
    const raw = new Database(file);
    const next = { version: LATEST + 1, name: 'future', sql: 'CREATE TABLE future_things (x TEXT);' };
    expect(migrate(raw, [...MIGRATIONS, next])).toBe(LATEST + 1);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'future_things'").get()).toBeTruthy();
    raw.close();
    expectConflict(() => openTestStore(dir), /newer version of MCP Companion/);
    const after = new Database(file, { readonly: true });
    expect(schemaVersion(after)).toBe(LATEST + 1); // refused without touching the file
    after.close();
  });

  it('version 3 grants existing labels every existing server, so routed clients keep working', () => {
    const dir = tempDataDir();
    const file = path.join(dir, 'companion.db');
    const raw = new Database(file);
    migrate(
      raw,
      MIGRATIONS.filter((m) => m.version <= 2),
    );
    const insertServer = raw.prepare(
      "INSERT INTO servers (name, url, transport, headers_sealed, created_at) VALUES (?, ?, 'streamable-http', '', 0)",
    );
    insertServer.run('linear', 'https://a.example/mcp');
    insertServer.run('github', 'https://b.example/mcp');
    raw
      .prepare("INSERT INTO local_tokens (label, token_hash, token_sealed, created_at) VALUES ('cursor', 'h', 's', 0)")
      .run();
    raw.close();
    const store = openTestStore(dir);
    expect(schemaVersion(store.db)).toBe(LATEST);
    expect(store.localTokenAllows('cursor', 'linear')).toBe(true);
    expect(store.localTokenAllows('cursor', 'github')).toBe(true);
    store.addServer({ name: 'later', url: 'https://c.example/mcp' });
    expect(store.localTokenAllows('cursor', 'later')).toBe(false); // only what existed at migration time
  });

  it('refuses a file whose user_version is from the far future', () => {
    const dir = tempDataDir();
    openTestStore(dir).close();
    const raw = new Database(path.join(dir, 'companion.db'));
    raw.pragma('user_version = 999');
    raw.close();
    expectConflict(() => openTestStore(dir), /schema 999/);
  });

  it('refuses a file that is not a database', () => {
    const dir = tempDataDir();
    fs.writeFileSync(path.join(dir, 'companion.db'), 'this is not sqlite, just some text '.repeat(200));
    expectConflict(
      () => openStore({ dataDir: dir, secretBox: createFileSecretBox(dir) }),
      /not an MCP Companion database/,
    );
  });
});

describe('secrets at rest', () => {
  it('never writes a secret in plaintext to the db or its WAL', () => {
    const dir = tempDataDir();
    const store = openTestStore(dir);
    const secrets = {
      header: 'hdr-secret-5f1c2a9e77',
      clientSecret: 'cs-secret-8b1d44e0aa',
      rat: 'rat-secret-1e9f6c3b21',
      access: 'at-secret-7a2b9c0d11',
      refresh: 'rt-secret-3c4d5e6f99',
      preRegisteredSecret: 'pre-secret-6d0e2f4a88',
    };
    store.addServer({ name: 'tfy', url: 'https://gw.example.com/mcp', headers: { 'X-Api-Key': secrets.header } });
    store.addServer({
      name: 'org',
      url: 'https://org.example.com/mcp',
      oauthClient: { clientId: 'org-client', clientSecret: secrets.preRegisteredSecret, source: 'cursor entry "org"' },
    });
    expect(store.getServer('org')?.oauthClient?.clientSecret).toBe(secrets.preRegisteredSecret);
    const reg = store.saveRegistration({
      issuer: 'https://auth.example.com',
      resource: 'https://gw.example.com/mcp',
      redirectUri: 'http://127.0.0.1:47821/oauth/callback',
      clientId: 'client-id-visible-42',
      clientSecret: secrets.clientSecret,
      registrationAccessToken: secrets.rat,
      metadata: {
        client_name: 'MCP Companion',
        client_secret: secrets.clientSecret,
        registration_access_token: secrets.rat,
      },
    });
    store.saveTokens({
      serverName: 'tfy',
      registrationId: reg.id,
      accessToken: secrets.access,
      refreshToken: secrets.refresh,
      tokenType: 'Bearer',
    });
    const local = store.ensureLocalToken('cursor');

    const bytes = () =>
      ['companion.db', 'companion.db-wal']
        .map((f) => path.join(dir, f))
        .filter((f) => fs.existsSync(f))
        .map((f) => fs.readFileSync(f).toString('latin1'))
        .join('\n');
    const check = () => {
      const all = bytes();
      expect(all).toContain('client-id-visible-42'); // the scan does see stored text
      for (const value of [...Object.values(secrets), local, local.slice(5)]) expect(all).not.toContain(value);
    };
    check(); // while open: the rows live in the WAL
    store.close();
    check(); // after checkpoint into the main file
    expect(fs.readFileSync(path.join(dir, 'secret.key')).toString('latin1')).not.toContain(secrets.access);
  });
});

describe('two connections on one file (app + CLI)', () => {
  it("see each other's writes, and dataVersion moves only for the other connection", () => {
    const dir = tempDataDir();
    const app = openTestStore(dir);
    const cli = openTestStore(dir);
    const appBefore = app.dataVersion();
    const cliBefore = cli.dataVersion();

    cli.addServer({ name: 'linear', url: 'https://mcp.linear.app/mcp' });
    expect(app.getServer('linear')?.url).toBe('https://mcp.linear.app/mcp');
    expect(app.dataVersion()).not.toBe(appBefore);
    expect(cli.dataVersion()).toBe(cliBefore);

    const appMid = app.dataVersion();
    expect(app.dataVersion()).toBe(appMid); // stable without writes
    app.setSetting('port', '47821');
    expect(cli.getSetting('port')).toBe('47821');
    expect(cli.dataVersion()).not.toBe(cliBefore);
    expect(app.dataVersion()).toBe(appMid);
  });

  it('a second connection joins an already-migrated file', () => {
    const dir = tempDataDir();
    const a = openTestStore(dir);
    const b = openTestStore(dir);
    expect(schemaVersion(a.db)).toBe(LATEST);
    expect(schemaVersion(b.db)).toBe(LATEST);
  });
});
