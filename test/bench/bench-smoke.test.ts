// CI smoke of `npm run bench`: the real runner (built to dist/ like the CLI tests) in --quick
// mode with tiny counts. No thresholds — only that every target was measured, the JSON holds, and
// --cpu-prof leaves a profile and a flame graph per profiled process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

describe('bench smoke', () => {
  it('runs every workload against every target and writes the results', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-bench-smoke-'));
    const out = path.join(dir, 'results.json');
    try {
      const args = [
        path.join(ROOT, 'dist/test/bench/run.js'),
        '--quick',
        '--rounds',
        '1',
        '--calls',
        '3',
        '--cpu-calls',
        '2',
        '--big-calls',
        '1',
        '--sessions',
        '4',
        '--session-calls',
        '1',
        '--events',
        '5',
        '--upstreams',
        '3',
        '--out',
        out,
        '--cpu-prof',
        dir,
      ];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '',
        stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('Ratio to direct');
      const r = JSON.parse(fs.readFileSync(out, 'utf8')) as {
        targets: Record<
          string,
          {
            latency1k: { n: number; p50: number };
            latency1m: { n: number };
            sse: { received: number };
            connect: { n: number };
            hopCpuUsPerCall?: number;
          }
        >;
        gateway: { rssPeakMb: number; rssUnderLoadMb: number; coldStart: { firstCallMs: { p50: number } } };
        checks: Array<{ name: string; pass: boolean | null }>;
        proxiedTls: Record<'calls' | 'handshakes', Record<'direct' | 'proxied', { n: number; p50: number }>>;
      };
      for (const name of ['direct', 'bare', 'mcp-remote', 'gateway']) {
        const t = r.targets[name]!;
        expect(t.latency1k.n).toBe(3);
        expect(t.latency1k.p50).toBeGreaterThan(0);
        expect(t.latency1m.n).toBe(1);
        expect(t.sse.received).toBe(5);
        expect(t.connect.n).toBe(1);
      }
      for (const hop of ['bare', 'gateway']) expect(r.targets[hop]!.hopCpuUsPerCall).toBeGreaterThan(0);
      expect(r.gateway.rssUnderLoadMb).toBeGreaterThan(0);
      expect(r.gateway.rssPeakMb).toBeGreaterThanOrEqual(r.gateway.rssUnderLoadMb);
      expect(r.gateway.coldStart.firstCallMs.p50).toBeGreaterThan(0);
      expect(r.checks.length).toBeGreaterThan(5);
      // The proxied TLS path, against the direct TLS path.
      expect(stdout).toContain('Proxied TLS path');
      expect(r.proxiedTls.calls.proxied).toMatchObject({ n: 20 });
      expect(r.proxiedTls.calls.direct.p50).toBeGreaterThan(0);
      expect(r.proxiedTls.handshakes.proxied).toMatchObject({ n: 5 });
      // --cpu-prof: a profile and a flame graph for `serve` and for the bare hop.
      const svgs = fs.readdirSync(dir).filter((f) => f.endsWith('.svg'));
      expect(svgs).toHaveLength(2);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))).toHaveLength(2);
      const svg = svgs.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
      expect(svg).toContain('local-gateway/'); // the gateway's own frames are in serve's graph
      expect(stdout).toContain('wrote flame graph');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
