// `npm run bench`: upstream, bare hop, mcp-remote, the gateway (`serve`) and its bridge, measured
// with the same MCP SDK client workloads, interleaved round by round (the 1 MiB calls and the SSE
// streams each from a client process of their own against a second, quiet-GC upstream:
// quiet-client-main.ts, workloads.ts settleEndpoints). Prints the tables and writes
// results.json. See options.ts for the flags (`--quick` is the CI smoke).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { prepareGateway } from './gateway-setup.js';
import { describeMachine, machineWarnings } from './machine.js';
import { parseBenchArgs, USAGE, type BenchOptions } from './options.js';
import {
  cpuMs,
  ROOT,
  rssMb,
  rssSampler,
  startBareHop,
  startServe,
  startUpstream,
  type ServeChild,
  type UpstreamChild,
} from './processes.js';
import { writeFlameGraphs } from './flame.js';
import { evaluate, formatTables, type BenchResults, type TargetResult } from './report.js';
import { monoMs, rotate, summarize } from './stats.js';
import { httpTarget, TARGET_ORDER, targetsFor, type Session, type TargetName } from './targets.js';
import { startQuietClient } from './quiet-client.js';
import { formatProxiedTls, proxiedTls } from './proxied-tls.js';
import { concurrentCalls, connectOnce, echoCalls, echoOnce, renewSessions, sequentialTurn } from './workloads.js';

interface Samples {
  cpuMs: number;
  cpuCalls: number;
  warm: number[];
  k1: number[];
  m1: number[];
  conc: { calls: number; ms: number };
  sse: number[];
  streamed: boolean;
  received: number;
  connect: number[];
}

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

/**
 * The bridge relays through the same gateway process: interleaved with the gateway's own calls it
 * would make that process do double duty (and the scheduler charge it for both), so the bridge's
 * sequential calls run in a block of their own after each interleaved set.
 */
const BLOCKS: TargetName[] = ['bridge'];

/** Seeds the warm-up's call order (the rounds use their first call's index). */
const WARM_SEED = 0x5eed;

/**
 * The 1 MiB client's GC: single-threaded, so its collections (run between timed calls) never take
 * the second core from a call in flight.
 */
const BIG_CALLS_GC = ['--single-threaded-gc'];

/**
 * The SSE client's GC: a 1 MiB young generation, collected about every 40 ms in well under a
 * millisecond. With V8's default (a young generation grown to several MB) each stream met a few
 * collections of 1–5 ms, and the events arriving meanwhile made up about half of every target's
 * slowest 1% (direct alone: p99 3.0–3.2 ms over 10 streams, 1.7–2.3 with this). Single-threaded GC
 * made those pauses longer still (p99 4–6 ms).
 */
const STREAMS_GC = ['--max-semi-space-size=1'];

/** Events per target in the SSE client's untimed first stream: a first stream's early events are late. */
const SSE_WARM_EVENTS = 200;

/** The gateway's name for the quiet upstream (the 1 MiB and SSE workloads'). */
const QUIET_SERVER = 'quiet';

/** Spawns `serve`, connects and makes one call: the cold start as a user's first request sees it. */
async function coldStart(
  dataDir: string,
  port: number,
  token: string,
  cpuProfDir?: string,
): Promise<{ serve: ServeChild; readyMs: number; firstCallMs: number }> {
  const t0 = monoMs();
  const serve = await startServe(dataDir, cpuProfDir);
  const s = await httpTarget('gateway', `http://127.0.0.1:${port}/servers/bench/mcp`, token).connect();
  await s.client.callTool({ name: 'echo', arguments: { text: 'hi' } });
  const firstCallMs = monoMs() - t0;
  await s.close();
  return { serve, readyMs: serve.readyMs, firstCallMs };
}

async function main(opts: BenchOptions): Promise<BenchResults> {
  const stops: Array<() => unknown> = [];
  try {
    // Said up front as well as under the tables, so a long run is not wasted unawares.
    for (const w of machineWarnings(describeMachine())) log(w);
    log(`upstream with ${opts.upstreams} servers`);
    const up: UpstreamChild = await startUpstream(opts.upstreams);
    stops.push(() => up.stop());
    // The 1 MiB calls and SSE streams get an upstream of their own, with quiet GC (workloads.ts,
    // settleEndpoints); the gateway reaches it as one more configured server, QUIET_SERVER.
    const upQuiet: UpstreamChild = await startUpstream(1, { quietGc: true });
    stops.push(() => upQuiet.stop());
    const mcpUrlOf = (name: string) => up.mcpUrl.replace('/mcp/bench/', `/mcp/${name}/`);
    const gw = await prepareGateway(mcpUrlOf, up.servers, { [QUIET_SERVER]: upQuiet.mcpUrl });
    stops.push(() => fs.rmSync(gw.dataDir, { recursive: true, force: true }));

    log('serve cold starts');
    const ready: number[] = [],
      firstCall: number[] = [];
    let serve: ServeChild | undefined;
    for (let i = 0; i < opts.coldStarts; i++) {
      if (serve) await serve.stop();
      const c = await coldStart(gw.dataDir, gw.port, gw.localToken, opts.cpuProfDir);
      serve = c.serve;
      ready.push(c.readyMs);
      firstCall.push(c.firstCallMs);
    }
    const running = serve!;
    stops.push(() => running.stop());
    const hop = await startBareHop(new URL(up.baseUrl).origin, opts.cpuProfDir);
    stops.push(() => hop.stop());
    const hopQuiet = await startBareHop(new URL(upQuiet.baseUrl).origin);
    stops.push(() => hopQuiet.stop());

    const targets = targetsFor(up, hop.port, gw, 'bench');
    const unavailable: BenchResults['unavailable'] = {};
    if (!targets.some((t) => t.name === 'bridge'))
      unavailable.bridge = '`mcp-companion bridge` is not built yet; gateway measured over HTTP only';

    const hopPid = new Map<TargetName, number>([
      ['bare', hop.pid],
      ['gateway', running.pid],
    ]);
    const rssIdleMb = rssMb(running.pid);
    const sampler = rssSampler(running.pid);
    const bareIdleMb = rssMb(hop.pid);
    const bareSampler = rssSampler(hop.pid);
    stops.push(
      () => sampler.stop(),
      () => bareSampler.stop(),
    );

    log('opening sessions');
    const main = new Map<TargetName, Session>();
    for (const t of targets) main.set(t.name, await t.connect());
    const httpTargets = targets.filter((t) => t.transport === 'http');
    const pool = new Map<TargetName, Session[]>();
    for (const t of httpTargets)
      pool.set(t.name, await Promise.all(Array.from({ length: opts.sessions }, () => t.connect())));
    stops.push(() => Promise.allSettled([...main.values(), ...[...pool.values()].flat()].map((s) => s.close())));
    // The 1 MiB calls and the SSE streams each come from a client process of their own, calling
    // the quiet upstream (quiet-client-main.ts), warmed up there.
    const quietSetup = { up: upQuiet, barePort: hopQuiet.port, gw, server: QUIET_SERVER };
    const bigCalls = await startQuietClient(quietSetup, upQuiet, BIG_CALLS_GC, {
      blobs: Math.min(3, opts.bigCalls),
      events: 0,
    });
    stops.push(() => bigCalls.stop());
    const streams = await startQuietClient(quietSetup, upQuiet, STREAMS_GC, {
      blobs: 0,
      events: Math.min(SSE_WARM_EVENTS, opts.events),
    });
    stops.push(() => streams.stop());

    const samples = new Map<TargetName, Samples>(
      targets.map((t) => [
        t.name,
        {
          cpuMs: 0,
          cpuCalls: 0,
          warm: [],
          k1: [],
          m1: [],
          conc: { calls: 0, ms: 0 },
          sse: [],
          streamed: true,
          received: 0,
          connect: [],
        },
      ]),
    );
    const at = (n: TargetName) => samples.get(n)!;
    // Warm-up (JIT, pooled sockets): timed, reported on its own, kept out of the checks. Until V8
    // has compiled a hop's hot path its calls cost more, the gateway's (more JS) most.
    log(`warm-up: ${opts.warmCalls} calls per target`);
    await sequentialTurn(main, BLOCKS, opts.warmCalls, WARM_SEED, echoOnce, (n) => at(n).warm);
    let rss1MiBFirstMb = NaN,
      rss1MiBLastMb = NaN;
    let rssUnderLoadMb = 0;
    for (let r = 0; r < opts.rounds; r++) {
      const t0 = performance.now();
      if (r > 0 || opts.warmCalls > 0) await renewSessions(targets, main);
      await sequentialTurn(main, BLOCKS, opts.calls, r * opts.calls, echoOnce, (n) => at(n).k1);
      // CPU per call of each hop's own process, measured in a block of its own (the bridge's
      // calls also pass through the gateway, so the interleaved run cannot be attributed).
      for (const [name, pid] of rotate([...hopPid], r)) {
        const c0 = cpuMs(pid);
        await echoCalls(main.get(name)!, opts.cpuCalls, []);
        at(name).cpuMs += cpuMs(pid) - c0;
        at(name).cpuCalls += opts.cpuCalls;
      }
      for (const [name, m1] of Object.entries(await bigCalls.round(r, opts.bigCalls)))
        at(name as TargetName).m1.push(...m1);
      const rssNow = rssMb(running.pid);
      if (r === 0) rss1MiBFirstMb = rssNow;
      rss1MiBLastMb = rssNow;
      for (const t of rotate(httpTargets, r)) {
        // The RSS target is the gateway's under this load (64 sessions, 50 upstreams).
        const load = t.name === 'gateway' ? rssSampler(running.pid, 10) : undefined;
        const c = await concurrentCalls(pool.get(t.name)!, opts.sessionCalls);
        if (load) {
          rssUnderLoadMb = Math.max(rssUnderLoadMb, load.peak());
          load.stop();
        }
        at(t.name).conc.calls += c.calls;
        at(t.name).conc.ms += c.ms;
      }
      if (r < opts.sseRounds) {
        for (const [name, turn] of Object.entries(await streams.sse(r, opts.events, opts.eventDelayMs))) {
          const s = at(name as TargetName);
          s.sse.push(...turn.delays);
          s.streamed &&= turn.streamed;
          s.received += turn.received;
        }
      }
      for (const t of rotate(targets, r))
        for (let i = 0; i < opts.connects; i++) at(t.name).connect.push(await connectOnce(t));
      log(`round ${r + 1}/${opts.rounds} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }

    const results: Partial<Record<TargetName, TargetResult>> = {};
    for (const name of TARGET_ORDER) {
      const s = samples.get(name);
      if (!s) continue;
      const k1 = summarize(s.k1);
      results[name] = {
        latency1k: k1,
        ...(s.warm.length > 0 && { warmup1k: summarize(s.warm) }),
        latency1m: summarize(s.m1),
        seqCallsPerSec: 1000 / k1.mean,
        ...(s.conc.calls > 0 && { concurrentCallsPerSec: (s.conc.calls * 1000) / s.conc.ms }),
        sse: {
          ...summarize(s.sse),
          streamed: s.streamed,
          received: s.received,
          expected: opts.events * Math.min(opts.sseRounds, opts.rounds),
        },
        connect: summarize(s.connect),
        ...(hopPid.has(name) && { hopCpuUsPerCall: (s.cpuMs * 1000) / s.cpuCalls }),
      };
    }
    const partial: Omit<BenchResults, 'checks'> = {
      date: new Date().toISOString(),
      machine: describeMachine(),
      options: { ...opts, out: undefined },
      targets: results,
      unavailable,
      gateway: {
        rssIdleMb,
        rssUnderLoadMb,
        rssPeakMb: Math.max(sampler.peak(), rssUnderLoadMb),
        rss1MiBFirstMb,
        rss1MiBLastMb,
        payloads1MiB: opts.rounds * opts.bigCalls,
        coldStart: { readyMs: summarize(ready), firstCallMs: summarize(firstCall) },
        bareHopRssIdleMb: bareIdleMb,
        bareHopRssPeakMb: bareSampler.peak(),
      },
    };
    const raw = Object.fromEntries(
      [...samples].map(([name, s]) => [name, { latency1k: s.k1, latency1m: s.m1, sse: s.sse }]),
    );
    return { ...partial, checks: evaluate(partial, raw) };
  } finally {
    for (const stop of stops.reverse())
      await Promise.resolve()
        .then(stop)
        .catch(() => undefined);
  }
}

const args = process.argv.slice(2);
if (args.includes('--help')) {
  process.stdout.write(`${USAGE}\n`);
} else {
  const opts = parseBenchArgs(args, path.join(ROOT, 'test/bench/results.json'));
  const results = await main(opts);
  process.stdout.write(`${formatTables(results)}\n`);
  // Issue 19's proxied path, on its own after the hop comparison (its processes are all gone).
  log('proxied TLS path');
  results.proxiedTls = await proxiedTls(opts.quick ? { calls: 20, handshakes: 5 } : { calls: 2000, handshakes: 200 });
  process.stdout.write(`\n${formatProxiedTls(results.proxiedTls)}\n`);
  fs.writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), opts.out) || opts.out}\n`);
  // Every process profiled has exited by now (each stop waits for the exit that writes it).
  if (opts.cpuProfDir)
    for (const svg of writeFlameGraphs(opts.cpuProfDir)) process.stdout.write(`wrote flame graph ${svg}\n`);
  process.exit(0);
}
