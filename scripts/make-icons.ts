// Draws the app icon and the tray icons into build/ as PNGs, with no image library: shapes are
// coverage functions sampled 4×4 per pixel (anti-aliasing), encoded with zlib. The PNGs are
// committed; run `npx tsx scripts/make-icons.ts` after changing a shape.
//   build/icon.png                         512×512 app icon (electron-builder derives icns/ico)
//   build/tray/tray-<state>Template(@2x).png  macOS template images: black + alpha, 16/32 px
//   build/tray/tray-<state>(@2x).png          coloured, for Windows and Linux, 16/32 px
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

type Rgba = [number, number, number, number];
/** Coverage in [0, 1] of the point (x, y), both in [-1, 1] with y down. */
type Shape = (x: number, y: number) => number;

const STATES = ['healthy', 'refreshing', 'actionNeeded', 'failed'] as const;
const COLORS: Record<(typeof STATES)[number], Rgba> = {
  healthy: [46, 160, 67, 255],
  refreshing: [56, 132, 244, 255],
  actionNeeded: [219, 154, 4, 255],
  failed: [218, 54, 51, 255],
};

const inside = (d: number) => (d <= 0 ? 1 : 0);
const disc =
  (r: number, cx = 0, cy = 0): Shape =>
  (x, y) =>
    inside(Math.hypot(x - cx, y - cy) - r);
const ring =
  (r: number, w: number): Shape =>
  (x, y) =>
    inside(Math.abs(Math.hypot(x, y) - r) - w / 2);
const box =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1 ? 1 : 0;
const bar =
  (w: number, angle: number): Shape =>
  (x, y) =>
    inside(Math.abs(-Math.sin(angle) * x + Math.cos(angle) * y) - w / 2) * inside(Math.hypot(x, y) - 0.5);
const union =
  (...s: Shape[]): Shape =>
  (x, y) =>
    Math.max(...s.map((f) => f(x, y)));
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) * (1 - b(x, y));

/** One glyph per state, distinct by shape alone (template images carry no colour). */
const GLYPHS: Record<(typeof STATES)[number], Shape> = {
  healthy: disc(0.78),
  // A ring with a gap in the upper right: "in progress".
  refreshing: minus(ring(0.66, 0.28), (x, y) => (x > 0 && y < 0 ? 1 : 0)),
  // A ring holding an exclamation mark.
  actionNeeded: union(ring(0.7, 0.22), box(-0.1, -0.42, 0.1, 0.12), disc(0.11, 0, 0.34)),
  // A disc with a cross cut out.
  failed: minus(disc(0.82), union(bar(0.26, Math.PI / 4), bar(0.26, -Math.PI / 4))),
};

/** The app icon: a blue rounded square with a hub joining three nodes (a gateway). */
const APP_BG: Shape = (x, y) => {
  const r = 0.38;
  const qx = Math.max(Math.abs(x) - (0.92 - r), 0);
  const qy = Math.max(Math.abs(y) - (0.92 - r), 0);
  return inside(Math.hypot(qx, qy) - r);
};
const APP_GLYPH = union(
  disc(0.2),
  ...[-Math.PI / 2, Math.PI / 6, (5 * Math.PI) / 6].flatMap((a) => [
    disc(0.12, 0.52 * Math.cos(a), 0.52 * Math.sin(a)),
    (x: number, y: number) =>
      inside(Math.abs(-Math.sin(a) * x + Math.cos(a) * y) - 0.045) *
      (x * Math.cos(a) + y * Math.sin(a) > 0 ? 1 : 0) *
      inside(Math.hypot(x, y) - 0.5),
  ]),
);

function render(size: number, layers: Array<[Shape, Rgba]>): Buffer {
  const px = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let out: Rgba = [0, 0, 0, 0];
      for (const [shape, color] of layers) {
        let cov = 0;
        for (let sy = 0; sy < n; sy++)
          for (let sx = 0; sx < n; sx++)
            cov += shape(((i + (sx + 0.5) / n) / size) * 2 - 1, ((j + (sy + 0.5) / n) / size) * 2 - 1);
        out = over(out, color, cov / (n * n));
      }
      px.set(out.map(Math.round), (j * size + i) * 4);
    }
  }
  return png(size, px);
}

/** Source-over compositing of `color` at coverage `a` onto `dst` (straight alpha). */
function over(dst: Rgba, color: Rgba, a: number): Rgba {
  const sa = (color[3] / 255) * a;
  const da = dst[3] / 255;
  const oa = sa + da * (1 - sa);
  if (oa === 0) return [0, 0, 0, 0];
  const mix = (k: 0 | 1 | 2) => (color[k] * sa + dst[k] * da * (1 - sa)) / oa;
  return [mix(0), mix(1), mix(2), oa * 255];
}

function png(size: number, rgba: Buffer): Buffer {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter 0
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function makeIcons(buildDir: string): string[] {
  const written: string[] = [];
  const write = (rel: string, data: Buffer) => {
    const file = path.join(buildDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    written.push(rel);
  };
  write(
    'icon.png',
    render(512, [
      [APP_BG, [37, 99, 235, 255]],
      [APP_GLYPH, [255, 255, 255, 255]],
    ]),
  );
  for (const state of STATES) {
    for (const [suffix, size] of [
      ['', 16],
      ['@2x', 32],
    ] as const) {
      write(`tray/tray-${state}Template${suffix}.png`, render(size, [[GLYPHS[state], [0, 0, 0, 255]]]));
      write(`tray/tray-${state}${suffix}.png`, render(size, [[GLYPHS[state], COLORS[state]]]));
    }
  }
  return written;
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  // scripts/make-icons.ts (tsx) or dist/scripts/make-icons.js (compiled): find the repo root.
  const root = path.resolve(path.dirname(self), self.endsWith('.ts') ? '..' : '../..');
  for (const rel of makeIcons(path.join(root, 'build'))) console.log(`build/${rel}`);
}
