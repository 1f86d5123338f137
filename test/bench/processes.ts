// The benchmark's child processes: upstream, bare hop and the gateway's `serve`, each started by
// path from dist/ and stopped by its own pid. RSS is read from /proc (Linux; elsewhere NaN).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestReply } from './ipc.js';
import type { UpstreamMessage, UpstreamRequest } from './upstream-main.js';
import { monoMs } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../../..');
export const BIN = path.join(ROOT, 'bin/mcp-companion.js');

export interface UpstreamChild {
  baseUrl: string;
  mcpUrl: string;
  token: string;
  servers: string[];
  recordTicks(): Promise<() => Promise<Array<[number, number]>>>;
  /** Runs a young or a full collection in the upstream; resolves once it is done. */
  collect(full: boolean): Promise<void>;
  stop(): void;
}

/**
 * `quietGc`: the upstream runs with `--single-threaded-gc`, so V8's GC helper threads (concurrent
 * marking and sweeping) never compete with the hop being measured for the two cores; the 1 MiB
 * workload uses such an upstream of its own (workloads.ts, settleEndpoints).
 */
export function startUpstream(servers: number, opts: { quietGc?: boolean } = {}): Promise<UpstreamChild> {
  const execArgv = opts.quietGc ? [...process.execArgv, '--single-threaded-gc'] : process.execArgv;
  const child = fork(path.join(HERE, 'upstream-main.js'), [String(servers)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  const ask = (m: UpstreamRequest) => child.send(m);
  const request = <T extends UpstreamMessage['type']>(m: UpstreamRequest, type: T) =>
    requestReply<UpstreamMessage, T>(child, 'upstream', m, type);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`upstream exited early (${code})`)));
    child.once('message', (m: UpstreamMessage) => {
      if (m.type !== 'ready') return reject(new Error('upstream: unexpected first message'));
      resolve({
        ...m,
        async recordTicks() {
          ask({ type: 'ticks-start' });
          return async () => (await request({ type: 'ticks-stop' }, 'ticks')).writes;
        },
        collect: async (full) => {
          await request({ type: 'collect', full }, 'done');
        },
        stop: () => stopChild(child),
      });
    });
  });
}

export function startBareHop(
  upstreamOrigin: string,
  cpuProfDir?: string,
): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const prof = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...prof, path.join(HERE, 'bare-hop-main.js'), upstreamOrigin], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare hop exited early (${code})`)));
    child.stdout!.once('data', (d: Buffer) =>
      resolve({ port: Number(d.toString().trim()), pid: child.pid!, stop: () => stopChildAndWait(child) }),
    );
  });
}

export interface ServeChild {
  pid: number;
  readyMs: number;
  stop(): Promise<void>;
}

/** `mcp-companion serve` on a prepared data dir; resolves once it prints its listening URL. */
export function startServe(dataDir: string, cpuProfDir?: string): Promise<ServeChild> {
  const t0 = monoMs();
  // BROWSER=true: a login would be a bench bug; never open a real browser for it.
  const prof = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...prof, BIN, 'serve', '--no-open'], {
    env: { ...process.env, MCP_COMPANION_HOME: dataDir, BROWSER: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const early = (code: number | null) => reject(new Error(`serve exited early (${code}): ${out}`));
    child.once('exit', early);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('listening on')) return;
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      child.off('exit', early);
      resolve({ pid: child.pid!, readyMs: monoMs() - t0, stop: () => stopChildAndWait(child) });
    });
  });
}

function stopChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

function stopChildAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident set size of a process in MB, from /proc (NaN where there is no /proc). */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** On-CPU time of a process's main thread in ms (/proc schedstat, ns resolution; NaN elsewhere). */
export function cpuMs(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/** Samples a pid's RSS in the background; `peak()` is the highest seen so far. */
export function rssSampler(pid: number, everyMs = 25): { peak(): number; stop(): void } {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, everyMs);
  timer.unref();
  return { peak: () => peak, stop: () => clearInterval(timer) };
}
