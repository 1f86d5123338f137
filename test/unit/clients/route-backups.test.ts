// Backups of a config taken before route/unroute write it: sealed with the data dir's secret
// box (the config holds API keys and, once routed, a local token), 0600, the last few per
// config file only, and they open back to the exact bytes.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRouteResult } from '../../../local-gateway/clients/format.js';
import { KEEP_CONFIG_BACKUPS, readConfigBackup } from '../../../local-gateway/config-edit/backup.js';
import { opsHomes } from '../../support/ops-home.js';

const setup = opsHomes();

function backupFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'backups');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map((n) => path.join(root, n))
    .filter((p) => fs.statSync(p).isFile());
}

const SECRETS = ['lin_api_SECRET123456', 'tools-SECRET-987654'];

describe('config backups', () => {
  it('hold no header secret or local token in plaintext, are 0600, and open to the bytes they replaced', async () => {
    const { h, host, ops, cfg } = setup();
    const original = fs.readFileSync(cfg);
    const routed = await ops.route('cursor');
    const routedBytes = fs.readFileSync(cfg);
    const unrouted = await ops.unroute('cursor');
    const files = backupFiles(h.dataDir);
    expect(files.length).toBe(2);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const s of [...SECRETS, 'mcl_', 'mcp.linear.app'])
        expect(text.includes(s), `${path.basename(f)} holds ${s.slice(0, 4)}…`).toBe(false);
      expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    }
    expect(readConfigBackup(routed.files[0]!.backup!, (s) => host.open(s)).bytes.equals(original)).toBe(true);
    const opened = readConfigBackup(unrouted.files[0]!.backup!, (s) => host.open(s));
    expect(opened.file).toBe(cfg);
    expect(opened.bytes.equals(routedBytes)).toBe(true);
  });

  it(`keep only the last ${KEEP_CONFIG_BACKUPS} per config file, and the route result says so`, async () => {
    const { h, host, ops, cfg } = setup();
    let last = '';
    let before = Buffer.alloc(0);
    for (let i = 0; i < 15; i++) {
      before = fs.readFileSync(cfg);
      const r = await ops.route('cursor');
      if (i === 0)
        expect(formatRouteResult(r)).toContain(
          `encrypted backup: ${r.files[0]!.backup}; the last ${KEEP_CONFIG_BACKUPS} per file are kept`,
        );
      before = fs.readFileSync(cfg);
      last = (await ops.unroute('cursor')).files[0]!.backup!;
    }
    const files = backupFiles(h.dataDir);
    expect(files.length).toBe(KEEP_CONFIG_BACKUPS);
    expect(files).toContain(last);
    expect(readConfigBackup(last, (s) => host.open(s)).bytes.equals(before)).toBe(true);
    // Another client's config is counted on its own.
    await ops.route('windsurf');
    expect(backupFiles(h.dataDir).length).toBe(KEEP_CONFIG_BACKUPS + 1);
  });

  it('seal the plaintext backups an earlier version left for the same file', async () => {
    const { h, ops, cfg } = setup();
    const legacy = path.join(
      h.dataDir,
      'backups',
      `2026-01-02T03-04-05-678Z-cursor-${cfg.replace(/^\/+/, '').replace(/\//g, '_')}`,
    );
    const other = path.join(h.dataDir, 'backups', '2026-01-02T03-04-05-678Z-cursor-some_other_file.json');
    fs.mkdirSync(path.dirname(legacy), { recursive: true });
    fs.writeFileSync(legacy, fs.readFileSync(cfg), { mode: 0o600 });
    fs.writeFileSync(other, '{}', { mode: 0o600 });
    await ops.route('cursor');
    expect(fs.existsSync(legacy)).toBe(false);
    expect(fs.existsSync(other)).toBe(true);
    const files = backupFiles(h.dataDir).filter((f) => f !== other);
    expect(files.length).toBe(2);
    for (const f of files) for (const s of SECRETS) expect(fs.readFileSync(f, 'utf8').includes(s)).toBe(false);
  });
});
