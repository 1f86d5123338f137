// Flame graphs for `npm run bench -- --cpu-prof DIR`: the widths must be the profile's on-CPU
// time per call path, and a real `node --cpu-prof` profile must come out readable.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callTree, flameSvg, writeFlameGraphs, type CpuProfile } from './flame.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

// (root) → main → work (30 ms self), main (10 ms self), (root) → (garbage collector) 60 ms,
// (root) → (idle) 100 ms; `work` also appears as a second V8 node under main (another column).
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
    { id: 2, callFrame: frame('main', 'file:///app/dist/local-gateway/proxy/exchange.js', 9), children: [3, 4] },
    { id: 3, callFrame: frame('work', 'node:internal/streams/readable', 99) },
    { id: 4, callFrame: frame('work', 'node:internal/streams/readable', 99) },
    { id: 5, callFrame: frame('(garbage collector)') },
    { id: 6, callFrame: frame('(idle)') },
  ],
  samples: [3, 4, 2, 5, 6],
  timeDeltas: [20_000, 10_000, 10_000, 60_000, 100_000],
};

const tips = (svg: string): string[] => [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!);

describe('bench flame graphs', () => {
  it('merges call paths and counts on-CPU time only', () => {
    const root = callTree(profile);
    expect(root.total).toBe(100_000);
    const main = root.children.get('main local-gateway/proxy/exchange.js:10')!;
    expect(main.total).toBe(40_000);
    expect([...main.children.keys()]).toEqual(['work node:internal/streams/readable:100']);
    expect(main.children.get('work node:internal/streams/readable:100')!.total).toBe(30_000);
    expect(root.children.get('(garbage collector)')!.total).toBe(60_000);
    expect([...root.children.keys()]).not.toContain('(idle)');
  });

  it('draws each frame with its time and share, escaped, and nothing for idle', () => {
    const svg = flameSvg(profile, 'serve <pid 1> & co');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('serve &#60;pid 1&#62; &#38; co — 100 ms on CPU');
    expect(tips(svg)).toEqual(
      expect.arrayContaining([
        'all — 100.0 ms (100.0%)',
        'main local-gateway/proxy/exchange.js:10 — 40.0 ms (40.0%)',
        'work node:internal/streams/readable:100 — 30.0 ms (30.0%)',
        '(garbage collector) — 60.0 ms (60.0%)',
      ]),
    );
    expect(svg).not.toContain('(idle)');
    // Widths are proportional to time: main is two thirds of the garbage collector's.
    const width = (name: string) =>
      Number(
        new RegExp(`<title>${name.replace(/[()]/g, '\\$&')}[^<]*</title><rect [^>]*width="([\\d.]+)"`).exec(svg)![1],
      );
    expect(width('main') / width('(garbage collector)')).toBeCloseTo(40 / 60, 3);
  });

  it('writes an SVG beside each profile that `node --cpu-prof` wrote', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-flame-'));
    try {
      const script =
        'function spinForAWhile(){let x=0;const t=Date.now();while(Date.now()-t<300)x+=Math.sqrt(x+1);return x}spinForAWhile()';
      const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '-e', script]);
      expect(r.status, r.stderr.toString()).toBe(0);
      const written = writeFlameGraphs(dir);
      expect(written).toHaveLength(1);
      const svg = fs.readFileSync(written[0]!, 'utf8');
      const spin = tips(svg).find((t) => t.startsWith('spinForAWhile'));
      expect(spin).toBeDefined();
      // The busy loop is nearly all the process did on the CPU.
      expect(Number(/\(([\d.]+)%\)$/.exec(spin!)![1])).toBeGreaterThan(50);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
