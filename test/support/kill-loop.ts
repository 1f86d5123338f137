// SIGKILL at random points during registration, refresh and config rewrites. After every kill
// the store must open cleanly with nothing half-written, and the client config must be either
// the old or the new version, valid. Runs `kills` rounds (50 in test:soak, fewer in npm test).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { createFileSecretBox, openStore } from '../../local-gateway/store/index.js';
import { tempOwner } from '../../local-gateway/config-edit/temp-files.js';
import { startControlPlane } from './control-plane/index.js';
import { ROOT } from './cli.js';
import { freePort } from './ports.js';

export interface KillLoopResult {
  kills: number;
  registrationsSeen: number;
  refreshes: number;
  configStates: Record<string, number>;
}

export async function killLoop(kills: number): Promise<KillLoopResult> {
  const cp = await startControlPlane({ mode: 'strict' });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-kill-'));
  const home = path.join(root, 'home');
  const dataDir = path.join(root, 'data');
  const cursor = path.join(home, '.cursor/mcp.json');
  fs.mkdirSync(path.dirname(cursor), { recursive: true });
  const original = `// hand-written\n{\n  "mcpServers": {\n    "linear": { "url": "${cp.mcpUrl('linear')}" }, // ours after route\n    "local": { "command": "uvx", "args": ["x"] },\n  },\n}\n`;
  fs.writeFileSync(cursor, original);
  const port = await freePort();
  {
    const s = openStore({ dataDir, secretBox: createFileSecretBox(dataDir) });
    s.setSetting('port', String(port));
    s.addServer({ name: 'linear', url: cp.mcpUrl('linear') });
    // As learned from its first Bearer challenge: the victim asks the broker for tokens directly.
    s.setServerAuth('linear', 'oauth');
    s.close();
  }
  const configStates: Record<string, number> = { original: 0, routed: 0 };
  try {
    for (let k = 0; k < kills; k++) {
      // The compiled copy (npm test builds first) starts much faster than going through tsx.
      const compiled = path.join(ROOT, 'dist/test/support/kill-target.js');
      const entry = fs.existsSync(compiled)
        ? [compiled]
        : ['--import', 'tsx', path.join(ROOT, 'test/support/kill-target.ts')];
      const child = spawn(process.execPath, [...entry, dataDir, home, 'linear'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        child.once('exit', (code) =>
          reject(new Error(`kill target exited (${code}) before it was ready: ${err.slice(0, 500)}`)),
        );
      });
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 1500));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      checkStore(dataDir);
      checkTemps(cursor);
      configStates[checkConfig(cursor, original, port)]! += 1;
    }
    return { kills, registrationsSeen: cp.stats.registrations, refreshes: cp.stats.refreshes, configStates };
  } finally {
    await cp.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function checkStore(dataDir: string): void {
  const store = openStore({ dataDir, secretBox: createFileSecretBox(dataDir) });
  try {
    const ok = store.db.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`integrity_check: ${String(ok)}`);
    const regs = store.listRegistrations();
    for (const r of regs) if (!r.clientId || !r.redirectUri) throw new Error('half-written registration');
    const t = store.getTokens('linear'); // decrypts: a torn write would throw here
    if (t && !regs.some((r) => r.id === t.registrationId)) throw new Error('tokens without their registration');
    if (t && !t.accessToken) throw new Error('tokens without an access token');
  } finally {
    store.close();
  }
}

/** A temp file caught by the kill holds the routed config (local token included): 0600 only. */
function checkTemps(file: string): void {
  const dir = path.dirname(file);
  for (const name of fs.readdirSync(dir)) {
    if (tempOwner(path.basename(file), name) === undefined) continue;
    const mode = fs.statSync(path.join(dir, name)).mode & 0o777;
    if (mode !== 0o600) throw new Error(`temp file ${name} left with mode ${mode.toString(8)}`);
  }
}

function checkConfig(file: string, original: string, port: number): 'original' | 'routed' {
  const text = fs.readFileSync(file, 'utf8');
  if (text === original) return 'original';
  const errors: ParseError[] = [];
  const doc = parse(text, errors, { allowTrailingComma: true }) as {
    mcpServers?: Record<string, { url?: string; command?: string }>;
  };
  if (errors.length) throw new Error(`config does not parse after a kill:\n${text}`);
  if (
    doc.mcpServers?.linear?.url !== `http://127.0.0.1:${port}/servers/linear/mcp` ||
    doc.mcpServers.local?.command !== 'uvx'
  ) {
    throw new Error(`config is neither the old nor the new version:\n${text}`);
  }
  return 'routed';
}
