// Fixture homes for client-adapter tests: copy `test/fixtures/homes/<name>` to a fresh temp
// dir, replacing `__HOME__` (absolute project paths inside `.claude.json`) with the copy's path.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export interface TempHome {
  home: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export function makeHome(fixture?: string): TempHome {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-home-'));
  const home = path.join(root, 'home');
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });
  if (fixture) copyDir(path.join(FIXTURES, 'homes', fixture), home, home);
  // Only what the adapters may read: no real HOME leaks into a test.
  const env: NodeJS.ProcessEnv = { HOME: home, USER: 'tester' };
  return { home, dataDir, env, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

function copyDir(from: string, to: string, home: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const ent of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, ent.name);
    const dst = path.join(to, ent.name);
    if (ent.isDirectory()) copyDir(src, dst, home);
    else {
      const bytes = fs.readFileSync(src);
      const text = bytes.toString('utf8');
      fs.writeFileSync(dst, text.includes('__HOME__') ? Buffer.from(text.split('__HOME__').join(home), 'utf8') : bytes);
      if (/credentials|auth|tokens/.test(ent.name)) fs.chmodSync(dst, 0o600);
    }
  }
}

/** Every file under `dir` (relative path → bytes). */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

export function fakeProcesses(names: string[] = []): { list(): Promise<string[]>; names: string[] } {
  return {
    names,
    async list() {
      return [...names];
    },
  };
}
