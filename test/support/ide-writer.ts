// A stand-in for an IDE that keeps rewriting its own config the way editors do (read, change
// one key, write a temp file, rename it over the config), in a real child process so its
// renames land at any moment of ours. It changes `"x-ide-counter": N` (N = its write count) and
// fsyncs its temp file before the rename, as careful editors do. It reports every time it reads back a counter other than the one it last wrote: a write of its
// that someone replaced with an older copy.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface IdeWriterReport {
  writes: number;
  /** The counter in the file when it stopped. */
  last: number;
  /** A write of ours found replaced; `rename` is when it ran (process.hrtime.bigint(), one clock for all processes). */
  lost: Array<{ wrote: number; found: number; rename: [string, string] }>;
}

const SOURCE = `
const fs = require('node:fs');
const [file, stopFile, minMs, maxMs] = process.argv.slice(1);
const pause = new Int32Array(new SharedArrayBuffer(4));
const key = /"x-ide-counter": (\\d+)/;
let last = Number(key.exec(fs.readFileSync(file, 'utf8'))[1]);
const lost = [];
let lastRename = ['0', '0'];
let writes = 0;
process.stdout.write('ready\\n');
function check(text) {
  const found = Number((key.exec(text) || [])[1]);
  if (found !== last) { lost.push({ wrote: last, found, rename: lastRename }); last = found; }
}
while (!fs.existsSync(stopFile)) {
  const before = fs.statSync(file, { bigint: true });
  const text = fs.readFileSync(file, 'utf8');
  check(text);
  const tmp = file + '.ide-save';
  const fd = fs.openSync(tmp, 'w');
  fs.writeSync(fd, text.replace(key, '"x-ide-counter": ' + (last + 1)));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  const now = fs.statSync(file, { bigint: true });
  // Like an editor that notices the file changed on disk: do not clobber it, read it again.
  if (now.ino === before.ino && now.mtimeNs === before.mtimeNs && now.size === before.size) {
    const r0 = process.hrtime.bigint();
    fs.renameSync(tmp, file);
    lastRename = [String(r0), String(process.hrtime.bigint())];
    last += 1;
    writes += 1;
  }
  Atomics.wait(pause, 0, 0, Number(minMs) + Math.random() * (Number(maxMs) - Number(minMs)));
}
check(fs.readFileSync(file, 'utf8'));
process.stdout.write(JSON.stringify({ writes, last, lost }) + '\\n');
`;

export async function startIdeWriter(
  file: string,
  pauseMs: [number, number],
): Promise<{ child: ChildProcess; stop(): Promise<IdeWriterReport> }> {
  const stopFile = `${file}.stop-writer`;
  const child = spawn(process.execPath, ['-e', SOURCE, file, stopFile, String(pauseMs[0]), String(pauseMs[1])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const onData = () => out.includes('ready') && resolve();
    child.stdout!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`IDE writer exited (${code}) before it was ready: ${err.slice(0, 300)}`)),
    );
  });
  return {
    child,
    async stop() {
      const exited = new Promise<number | null>((r) => child.once('exit', r));
      fs.writeFileSync(stopFile, '');
      const code = await exited;
      fs.rmSync(stopFile, { force: true });
      if (code !== 0) throw new Error(`IDE writer failed (${code}): ${err.slice(0, 300)}`);
      return JSON.parse(out.trim().split('\n').pop()!) as IdeWriterReport;
    },
  };
}
