// Temp files of the atomic write hold the whole new config (a local token included): they are
// created 0600 from the first byte, and the ones a killed run left behind are removed by the
// next write of the same file.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { opsHomes } from '../../support/ops-home.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const setup = opsHomes();

function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

describe('atomic write temp files', () => {
  it('are 0600 while they exist, even for a 0644 config, and the config keeps its mode', async () => {
    const { ops, cfg } = setup();
    fs.chmodSync(cfg, 0o644);
    const seen: Array<{ name: string; mode: number }> = [];
    const rename = fs.renameSync.bind(fs);
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(from).endsWith('.tmp'))
        seen.push({ name: path.basename(String(from)), mode: fs.statSync(from).mode & 0o777 });
      rename(from, to);
    });
    await ops.route('cursor');
    await ops.unroute('cursor');
    const ours = seen.filter((s) => s.name.startsWith('.mcp.json.'));
    expect(ours.length).toBeGreaterThanOrEqual(2);
    for (const s of ours) expect(s.mode, s.name).toBe(0o600);
    expect(fs.statSync(cfg).mode & 0o777).toBe(0o644);
  });

  it('left behind by a killed run are removed by the next route; others are left alone', async () => {
    const { ops, cfg } = setup();
    const dir = path.dirname(cfg);
    const dead = deadPid();
    const staleOld = path.join(dir, `.mcp.json.${dead}.0a1b2c3d.tmp`); // the name earlier versions used
    const staleNew = path.join(dir, `.mcp.json.mcp-companion-${dead}-0a1b2c3d.tmp`);
    const oldLive = path.join(dir, `.mcp.json.mcp-companion-${process.pid}-11112222.tmp`); // live pid, but old
    const freshLive = path.join(dir, `.mcp.json.mcp-companion-${process.pid}-33334444.tmp`); // maybe mid-write
    const notOurs = [
      path.join(dir, '.mcp.json.swp'),
      path.join(dir, `.other.json.${dead}.0a1b2c3d.tmp`),
      path.join(dir, 'notes.tmp'),
    ];
    for (const f of [staleOld, staleNew, oldLive, freshLive, ...notOurs])
      fs.writeFileSync(f, '{"token":"x"}', { mode: 0o644 });
    const hourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(oldLive, hourAgo, hourAgo);
    await ops.route('cursor');
    expect(fs.existsSync(staleOld)).toBe(false);
    expect(fs.existsSync(staleNew)).toBe(false);
    expect(fs.existsSync(oldLive)).toBe(false);
    expect(fs.existsSync(freshLive)).toBe(true);
    for (const f of notOurs) expect(fs.existsSync(f), f).toBe(true);
  });
});
