// Flame graphs from the V8 profiles `--cpu-prof` writes: one self-contained SVG per profile, call
// paths merged, width = sampled on-CPU time, hover for a frame's time and share. The idle
// thread is left out, so the widths are shares of the time the process actually ran.
import fs from 'node:fs';
import path from 'node:path';

export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  /** Microseconds before each sample. */
  timeDeltas: number[];
}

export interface Frame {
  name: string;
  /** Sampled time in this frame and its callees, µs. */
  total: number;
  children: Map<string, Frame>;
}

const SKIPPED = new Set(['(idle)', '(root)']);

function label(cf: CpuProfile['nodes'][number]['callFrame']): string {
  const fn = cf.functionName || '(anonymous)';
  if (!cf.url) return fn;
  // Enough of the path to tell our code, a dependency and Node's own modules apart.
  const url = cf.url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/dist\//, '');
  return `${fn} ${url}:${cf.lineNumber + 1}`;
}

/** Merges the profile into one call tree under `all`; sibling frames with the same label are one. */
export function callTree(p: CpuProfile): Frame {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const root: Frame = { name: 'all', total: 0, children: new Map() };
  const stacks = new Map<number, string[]>();
  const stackOf = (id: number): string[] => {
    let s = stacks.get(id);
    if (s) return s;
    s = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)!.callFrame;
      if (!SKIPPED.has(cf.functionName)) s.push(label(cf));
    }
    s.reverse();
    stacks.set(id, s);
    return s;
  };
  p.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = p.timeDeltas[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)' || dt <= 0) return;
    root.total += dt;
    let f = root;
    for (const name of stackOf(id)) {
      let next = f.children.get(name);
      if (!next) f.children.set(name, (next = { name, total: 0, children: new Map() }));
      next.total += dt;
      f = next;
    }
  });
  return root;
}

const WIDTH = 1200;
const ROW = 17;
const PAD = 10;

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function color(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  const v = h % 40;
  if (name.startsWith('(garbage collector)')) return `hsl(280,60%,${60 + (v % 15)}%)`;
  if (name.startsWith('(')) return `hsl(0,0%,${70 + (v % 15)}%)`;
  if (/ node:/.test(name)) return `hsl(${45 + (v % 15)},80%,${60 + (v % 10)}%)`;
  if (/ (local-gateway|electron|test)\//.test(name)) return `hsl(${15 + (v % 15)},85%,${58 + (v % 10)}%)`;
  return `hsl(${350 + (v % 15)},70%,${62 + (v % 10)}%)`;
}

/** The SVG: `all` at the bottom, callees stacked above their callers. */
export function flameSvg(p: CpuProfile, title: string): string {
  const root = callTree(p);
  const scale = root.total > 0 ? (WIDTH - 2 * PAD) / root.total : 0;
  const rects: Array<{ f: Frame; x: number; depth: number }> = [];
  let maxDepth = 0;
  const walk = (f: Frame, x: number, depth: number): void => {
    if (f.total * scale < 0.3) return; // narrower than a third of a pixel: invisible anyway
    rects.push({ f, x, depth });
    maxDepth = Math.max(maxDepth, depth);
    let cx = x;
    for (const c of [...f.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      walk(c, cx, depth + 1);
      cx += c.total * scale;
    }
  };
  walk(root, PAD, 0);
  const height = (maxDepth + 1) * ROW + 3 * PAD + 20;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="11">`,
    `<text x="${PAD}" y="${PAD + 12}" font-size="14">${escapeXml(title)} — ${(root.total / 1000).toFixed(0)} ms on CPU</text>`,
  ];
  for (const { f, x, depth } of rects) {
    const w = f.total * scale;
    const y = height - PAD - (depth + 1) * ROW;
    const share = root.total > 0 ? (100 * f.total) / root.total : 0;
    const tip = `${f.name} — ${(f.total / 1000).toFixed(1)} ms (${share.toFixed(1)}%)`;
    out.push(
      `<g><title>${escapeXml(tip)}</title><rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${ROW - 1}" fill="${color(f.name)}" rx="2"/>`,
    );
    const chars = Math.floor((w - 6) / 7);
    if (chars >= 3) {
      const text = f.name.length > chars ? `${f.name.slice(0, chars - 2)}..` : f.name;
      out.push(`<text x="${(x + 3).toFixed(2)}" y="${y + ROW - 5}">${escapeXml(text)}</text>`);
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Writes `<name>.svg` beside each `<name>.cpuprofile` in `dir`; returns the SVG paths. */
export function writeFlameGraphs(dir: string): string[] {
  const written: string[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const svg = path.join(dir, file.replace(/\.cpuprofile$/, '.svg'));
    fs.writeFileSync(svg, flameSvg(profile, file));
    written.push(svg);
  }
  return written;
}
