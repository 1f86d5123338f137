// Shared set-up for the store tests: a real data dir under the OS temp folder, real SQLite
// files, a controllable clock, and cleanup of everything a test opened.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createFileSecretBox, openStore, type Store } from '../../local-gateway/store/index.js';

export interface Clock {
  now: () => number;
  advance(ms: number): void;
}

export function fakeClock(start = 1_700_000_000_000): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0).reverse()) fn();
});

export function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-store-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a store (closed after the test); pass the same dataDir twice to simulate app + CLI. */
export function openTestStore(dataDir = tempDataDir(), now?: () => number): Store {
  const store = openStore({ dataDir, secretBox: createFileSecretBox(dataDir), ...(now && { now }) });
  cleanups.push(() => store.close());
  return store;
}

export function fileMode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}
