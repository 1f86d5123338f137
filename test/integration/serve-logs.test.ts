// `serve --json-logs`: stderr carries one JSON object per line whose `msg` is plain text (not a
// JSON document in a string), so a log shipper can read it as it is.
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTO_BROWSER, BIN, runCli } from '../support/cli.js';
import { startControlPlane, type ControlPlane } from '../support/control-plane/index.js';
import { freePort } from '../support/ports.js';
import { tempDirs } from '../support/temp-dirs.js';

const tempDir = tempDirs('mcpc-logs-');

let cp: ControlPlane;
beforeEach(async () => {
  cp = await startControlPlane();
});
afterEach(async () => {
  await cp.close();
});

describe('serve --json-logs', () => {
  it('writes one JSON object per line to stderr, with a plain-text msg', async () => {
    const env = { ...process.env, MCP_COMPANION_HOME: tempDir(), BROWSER: AUTO_BROWSER };
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'serve', '--no-open', '--json-logs', '--port', String(port)], { env });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('listening on')) resolve();
        });
        void exited.then((code) => reject(new Error(`serve exited early (${code}): ${stdout}${stderr}`)));
      });
      expect((await runCli(['server', 'add', 'github', cp.mcpUrl('github')], env)).code).toBe(0);
      expect((await runCli(['login', 'github'], env)).code).toBe(0);
      await expect.poll(() => stderr.includes('login.completed'), { timeout: 5000 }).toBe(true);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const lines = stderr.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const obj = JSON.parse(line) as { level: number; time: number; msg: string; event?: string };
      expect(typeof obj.level).toBe('number');
      expect(typeof obj.msg).toBe('string');
      expect(obj.msg).not.toMatch(/^\s*[{[]/);
    }
    const done = lines
      .map((l) => JSON.parse(l) as { event?: string; server?: string; msg: string })
      .find((o) => o.event === 'login.completed');
    expect(done).toMatchObject({ server: 'github' });
    expect(done!.msg).toMatch(/^login\.completed github: clientId=\S+ client=dcr$/);
  });
});
