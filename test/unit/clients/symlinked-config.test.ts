// A config that is a symlink (dotfiles repos) is edited where it points, as editors do: the link
// stays a link. A target the user cannot write — a read-only file, or a folder where the temp
// file cannot be made — is refused with a clear message and left as it was.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/cli.js';
import { type TempHome } from '../../support/client-homes.js';
import { opsHomes } from '../../support/ops-home.js';

const newHome = opsHomes();

function setup() {
  const { h, ops, cfg: link } = newHome();
  const target = path.join(h.home, 'dotfiles/cursor/mcp.json');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(link, target);
  fs.symlinkSync('../dotfiles/cursor/mcp.json', link); // relative, as dotfile managers make them
  return { h, ops, link, target };
}

const list = (dir: string) => fs.readdirSync(dir).sort();

/** Runs route in a child process as a user root's bypass does not apply to (nobody, when we are root). */
function routeAsUser(h: TempHome): { ok?: true; code?: string; message?: string } | undefined {
  if (process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status !== 0) {
    console.warn(
      'read-only refusal not checked: the tests run as root and setpriv is missing, so no user for whom file modes count',
    );
    return undefined;
  }
  const child = [
    process.execPath,
    '--import',
    'tsx',
    path.join(ROOT, 'test/support/route-child.ts'),
    h.home,
    h.dataDir,
    'route',
    'cursor',
  ];
  const root = path.dirname(h.home);
  if (process.getuid?.() === 0) spawnSync('chown', ['-R', '65534:65534', root]);
  const cmd =
    process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--', ...child] : child;
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, encoding: 'utf8', env: { ...process.env, HOME: h.home } });
  if (r.status !== 0)
    throw new Error(`route child failed (${r.status}): ${r.error?.message ?? ''} ${r.stderr.slice(0, 500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ok?: true; code?: string; message?: string };
}

describe('a symlinked config', () => {
  it('stays a symlink through route and unroute; the target holds each change', async () => {
    const { ops, link, target } = setup();
    const original = fs.readFileSync(target, 'utf8');
    const before = [list(path.dirname(link)), list(path.dirname(target))];
    const res = await ops.route('cursor');
    expect(res.files[0]!.file).toBe(link);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe('../dotfiles/cursor/mcp.json');
    expect(
      fs.readFileSync(target, 'utf8').includes('"url": "http://127.0.0.1:47615/servers/linear/mcp"'),
      'the target is routed',
    ).toBe(true);
    expect([list(path.dirname(link)), list(path.dirname(target))]).toEqual(before); // no temp file or lock left
    await ops.unroute('cursor');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8') === original, 'the target is restored').toBe(true);
  });

  it('a read-only target is refused with a clear message and left untouched', () => {
    const { h, link, target } = setup();
    fs.chmodSync(target, 0o444);
    const bytes = fs.readFileSync(target);
    const out = routeAsUser(h);
    if (!out) return;
    expect(out.code).toBe('config_readonly');
    expect(out.message).toContain(`${link} (a link to ${target}) is read-only`);
    expect(out.message).toContain('nothing was changed');
    expect(fs.readFileSync(target).equals(bytes)).toBe(true);
    expect(fs.statSync(target).mode & 0o777).toBe(0o444);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(list(path.dirname(target))).toEqual(['mcp.json']);
  });

  it('a target in a folder the user cannot write is refused, and the link is not replaced', () => {
    const { h, link, target } = setup();
    const bytes = fs.readFileSync(target);
    fs.chmodSync(path.dirname(target), 0o555);
    try {
      const out = routeAsUser(h);
      if (!out) return;
      expect(out.code).toBe('config_readonly');
      expect(out.message).toContain(`its folder ${path.dirname(target)} is not writable`);
      expect(out.message).toContain('nothing was changed');
      expect(fs.readFileSync(target).equals(bytes)).toBe(true);
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      expect(list(path.dirname(link))).toEqual(['mcp.json']);
    } finally {
      fs.chmodSync(path.dirname(target), 0o755);
    }
  });
});
