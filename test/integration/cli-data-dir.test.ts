// The data dir's failures are explained (which folder, why, how to fix it), a folder the
// companion did not create is never chmod-ed, and a closed stdout pipe is not a crash.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, type CliResult } from '../support/cli.js';
import { tempDirs } from '../support/temp-dirs.js';

const posix = process.platform !== 'win32';
const isRoot = process.getuid?.() === 0;
/** As root, the CLI runs as `nobody`: permissions are only real for another user. */
const NOBODY = 65534;

const tempDir = tempDirs('mcpc-dd-');

function runAs(uid: number | undefined, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(uid !== undefined && { uid, gid: uid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectExplained(r: CliResult, dir: string, why: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(dir);
  expect(r.stderr).toMatch(why);
  expect(r.stderr).toContain('MCP_COMPANION_HOME');
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

describe('data dir errors', () => {
  it('MCP_COMPANION_HOME naming a file, or a folder under a file, says so', async () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    expectExplained(await runCli(['server', 'list'], { MCP_COMPANION_HOME: file }), file, /is a file, not a folder/);
    const under = path.join(file, 'home');
    expectExplained(await runCli(['server', 'list'], { MCP_COMPANION_HOME: under }), under, /is a file, not a folder/);
  });

  it('a folder that cannot be created is named, with the reason', async () => {
    if (!posix) return;
    const parent = tempDir();
    if (!isRoot) fs.chmodSync(parent, 0o500);
    const home = path.join(parent, 'home');
    try {
      expectExplained(
        await runAs(isRoot ? NOBODY : undefined, ['server', 'list'], { MCP_COMPANION_HOME: home, HOME: parent }),
        home,
        /permission denied/,
      );
    } finally {
      fs.chmodSync(parent, 0o700);
    }
  });

  it('server list works in a readable, writable folder it cannot chmod, and leaves its mode alone', async () => {
    if (!posix) return;
    const home = tempDir();
    fs.chmodSync(home, 0o777); // shared: owned by someone else (root) when the CLI runs as nobody
    const r = await runAs(isRoot ? NOBODY : undefined, ['server', 'list'], { MCP_COMPANION_HOME: home, HOME: home });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.statSync(home).mode & 0o777).toBe(0o777);
  });
});

describe('a closed stdout pipe', () => {
  it('`server list | head -1`: no stack trace when the reader has gone', async () => {
    const home = tempDir();
    for (const name of ['a', 'b', 'c'])
      expect(
        (await runCli(['server', 'add', name, `https://${name}.example/mcp`], { MCP_COMPANION_HOME: home })).code,
      ).toBe(0);
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'server', 'list'], {
        env: { ...process.env, MCP_COMPANION_HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.destroy(); // like `head` exiting before the output is written
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.once('exit', (code) => resolve({ code, stderr }));
    });
    expect(r.stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
