// The process boundary as a test: only electron/ may import the `electron` module. The gateway
// core, the renderer, scripts and tests run in plain Node or a browser (the fake electron
// module and the tests of electron/ are the only exceptions, and they never import it either
// except through vi.mock).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCANNED = ['local-gateway', 'renderer', 'test', 'scripts'];
const EXEMPT = [path.join('test', 'support', 'fake-electron.ts'), path.join('test', 'unit', 'electron') + path.sep];
const IMPORTS_ELECTRON = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]electron(?:\/[^'"]*)?['"]/m;

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' || d.name === 'dist' ? [] : sourceFiles(full);
    return /\.(?:[cm]?ts|tsx)$/.test(d.name) && !d.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('architecture', () => {
  it('recognises every way of importing electron', () => {
    // Samples spell the module as "@" so that this file itself does not match.
    const sample = (line: string) => line.replace('@', 'electron');
    for (const line of [
      "import { app } from '@';",
      'import type { Tray } from "@";',
      "import * as e from '@/main';",
      "const { app } = require('@');",
      "const e = await import('@');",
      "import '@';",
    ])
      expect(IMPORTS_ELECTRON.test(sample(line)), line).toBe(true);
    for (const line of [
      "vi.mock('@', () => x)",
      "import x from '@-builder';",
      "const s = '@';",
      "import { x } from './@.js';",
    ]) {
      expect(IMPORTS_ELECTRON.test(sample(line)), line).toBe(false);
    }
  });

  it('nothing outside electron/ imports electron', () => {
    const files = SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d)));
    expect(files.length).toBeGreaterThan(50);
    const offenders = files
      .map((f) => path.relative(ROOT, f))
      .filter((rel) => !EXEMPT.some((e) => rel === e || rel.startsWith(e)))
      .filter((rel) => IMPORTS_ELECTRON.test(fs.readFileSync(path.join(ROOT, rel), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('core/ imports only core/, node builtins and npm packages', () => {
    const core = path.join(ROOT, 'local-gateway', 'core');
    const files = sourceFiles(core);
    expect(files.length).toBeGreaterThan(3);
    const offenders = files.flatMap((f) =>
      specifiers(fs.readFileSync(f, 'utf8'))
        .filter((s) => s.startsWith('.') && !path.resolve(path.dirname(f), s).startsWith(core + path.sep))
        .map((s) => `${path.relative(ROOT, f)} -> ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (let m = re.exec(source); m; m = re.exec(source)) found.push(m[1]!);
  return found;
}
