// The things being compared, each as "how to open an MCP SDK client session to it". HTTP targets
// share one workload code path; stdio targets (mcp-remote, bridge) add a child process per session.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { BIN, ROOT } from './processes.js';

export type TargetName = 'direct' | 'bare' | 'mcp-remote' | 'gateway' | 'bridge';
export const TARGET_ORDER: TargetName[] = ['direct', 'bare', 'mcp-remote', 'gateway', 'bridge'];

export interface Target {
  name: TargetName;
  transport: 'http' | 'stdio';
  /** Opens and initializes a new session (for stdio: spawns the bridge process too). */
  connect(): Promise<Session>;
}

export type ChunkTap = (text: string) => void;

export interface Session {
  client: Client;
  close(): Promise<void>;
  /**
   * HTTP targets: while set, each chunk of this session's event-stream responses is handed to
   * `tap` the moment it reaches this process, before the SDK parses it. The SSE workload times
   * forwarding with it, not the client's own event handling (which swings by milliseconds on a
   * busy 2-core machine).
   */
  tapEventStreams?(tap: ChunkTap | undefined): void;
}

async function tappingFetch(tap: ChunkTap | undefined, url: string | URL, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  if (!tap || !res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) return res;
  const decoder = new TextDecoder();
  const body = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        tap(decoder.decode(chunk, { stream: true }));
        out.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

export function httpTarget(name: TargetName, url: string, bearer: string): Target {
  return {
    name,
    transport: 'http',
    async connect() {
      const client = new Client({ name: 'bench', version: '1.0.0' });
      let tap: ChunkTap | undefined;
      const fetch = (u: string | URL, init?: RequestInit) => tappingFetch(tap, u, init);
      const transport = new StreamableHTTPClientTransport(new URL(url), {
        fetch,
        requestInit: { headers: { Authorization: `Bearer ${bearer}` } },
      });
      await client.connect(transport);
      return {
        client,
        tapEventStreams: (t) => {
          tap = t;
        },
        async close() {
          await transport.terminateSession().catch(() => undefined);
          await client.close();
        },
      };
    },
  };
}

export function stdioTarget(name: TargetName, args: string[], env: Record<string, string>): Target {
  return {
    name,
    transport: 'stdio',
    async connect() {
      const client = new Client({ name: 'bench', version: '1.0.0' });
      const transport = new StdioClientTransport({
        command: process.execPath,
        args,
        env: { ...plainEnv(), ...env },
        stderr: 'ignore',
      });
      await client.connect(transport);
      return { client, close: () => client.close() };
    },
  };
}

/** mcp-remote as users run it, with the direct bearer in a header file so it needs no browser. */
export function mcpRemoteTarget(upstreamMcpUrl: string, bearer: string): Target {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-bench-remote-'));
  // mcp-remote's config dir and the bearer in it go with the process that made them (the bench,
  // or a quiet client process); 'exit' also runs when the bench fails.
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const headers = path.join(dir, 'headers.txt');
  fs.writeFileSync(headers, `Authorization: Bearer ${bearer}\n`, { mode: 0o600 });
  const bin = path.join(ROOT, 'node_modules/mcp-remote/dist/proxy.js');
  return stdioTarget(
    'mcp-remote',
    [bin, upstreamMcpUrl, '--transport', 'http-only', '--header-file', headers, '--silent'],
    { MCP_REMOTE_CONFIG_DIR: dir },
  );
}

/** The gateway's own stdio bridge, launched exactly as `route` writes it into a client config. */
export function bridgeTarget(
  dataDir: string,
  localToken: string,
  localUrl: string,
  server = 'bench',
): Target | undefined {
  if (!fs.existsSync(path.join(ROOT, 'dist/local-gateway/cli/commands/bridge.js'))) return undefined;
  return stdioTarget('bridge', [BIN, 'bridge', server, '--url', localUrl], {
    MCP_COMPANION_HOME: dataDir,
    MCP_COMPANION_TOKEN: localToken,
  });
}

/** Only what a child needs to run Node: no stray tokens from the bench's own environment. */
function plainEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return env;
}

/**
 * The targets for one upstream: directly, through a bare hop listening on `barePort`, through
 * mcp-remote, and through the gateway's route for `server`, over HTTP and via its bridge (left
 * out when the bridge is not built).
 */
export function targetsFor(
  up: { mcpUrl: string; token: string },
  barePort: number,
  gw: { port: number; dataDir: string; localToken: string },
  server: string,
): Target[] {
  const route = `http://127.0.0.1:${gw.port}/servers/${server}/mcp`;
  const bridge = bridgeTarget(gw.dataDir, gw.localToken, route, server);
  return [
    httpTarget('direct', up.mcpUrl, up.token),
    httpTarget('bare', `http://127.0.0.1:${barePort}${new URL(up.mcpUrl).pathname}`, up.token),
    mcpRemoteTarget(up.mcpUrl, up.token),
    httpTarget('gateway', route, gw.localToken),
    ...(bridge ? [bridge] : []),
  ];
}
