// The renderer runs in a sandboxed browser page: it may use the gateway's contract as types
// only. A value import would drag Node code (SQLite, fs) into the bundle or break it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/cli.js';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('renderer imports', () => {
  const files = sources(path.join(ROOT, 'renderer/src'));
  it('has sources to check', () => expect(files.length).toBeGreaterThan(10));
  it('imports nothing from local-gateway except types', () => {
    const bad: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gms)) {
        if (m[3]!.includes('local-gateway') && !m[2]) bad.push(`${path.relative(ROOT, f)}: ${m[0].trim()}`);
      }
    }
    expect(bad).toEqual([]);
  });
  it('imports no Node built-ins, electron, or inline-script helpers', () => {
    const bad = files.filter((f) =>
      /from\s+['"](node:|electron|fs|path|child_process)['"/]/.test(fs.readFileSync(f, 'utf8')),
    );
    expect(bad).toEqual([]);
  });
});
