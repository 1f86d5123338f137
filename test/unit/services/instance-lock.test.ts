// One companion per data dir, in process: the lock is taken before listening, refused to a
// second companion (with where the first listens), and let go on close or a failed bind.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../local-gateway/companion.js';
import { isCompanionError } from '../../../local-gateway/core/errors.js';
import { runningOwner } from '../../../local-gateway/services/instance-lock.js';
import { freePort } from '../../support/ports.js';

let dataDir: string;
const open: Companion[] = [];
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-lock-'));
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
const companion = (port: number) => {
  const c = createCompanion({ dataDir, port });
  open.push(c);
  return c;
};

describe('instance lock', () => {
  it('refuses a second companion on the same data dir, naming pid and port, and changes nothing', async () => {
    const port = await freePort();
    const first = companion(port);
    expect(runningOwner(dataDir)).toBeUndefined();
    await first.listen();
    expect(first.serving).toBe(true);
    expect(runningOwner(dataDir)).toEqual({ pid: process.pid, port });
    const other = await freePort();
    const second = companion(other);
    const err = await second.listen().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCompanionError(err, 'already_running')).toBe(true);
    expect((err as Error).message).toContain(`pid ${process.pid}, listening on http://127.0.0.1:${port}`);
    expect(second.serving).toBe(false);
    expect(first.store.getSetting('port')).toBe(String(port));
    await first.close();
    expect(runningOwner(dataDir)).toBeUndefined();
    await second.listen(); // free again
    expect(second.store.getSetting('port')).toBe(String(other));
  });

  it('a failed bind lets go of the data dir and remembers nothing', async () => {
    const taken = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    try {
      const c = companion(taken);
      await expect(c.listen()).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(c.store.getSetting('port')).toBeUndefined();
      expect(runningOwner(dataDir)).toBeUndefined();
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    await companion(await freePort()).listen();
  });

  it('the lock file is private', async () => {
    await companion(await freePort()).listen();
    expect(fs.statSync(path.join(dataDir, 'companion.lock')).mode & 0o077).toBe(0);
    expect(fs.statSync(path.join(dataDir, 'companion.owner.json')).mode & 0o077).toBe(0);
  });
});
