// One real-client scenario's world, all on the namespace's loopback: the reference control plane
// (OAuth + MCP), a public and an API-key MCP server, a temporary home / XDG dirs / companion
// data dir / project folder, and a running `mcp-companion serve` with the scripted browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AUTO_BROWSER, BIN, startServe } from '../../support/cli.js';
import { startControlPlane, type ControlPlane } from '../../support/control-plane/index.js';
import { freePort } from '../../support/ports.js';
import { exec, ok, type ExecResult } from './exec.js';
import { startPlainServer, type PlainServer } from './plain-servers.js';
import { TOOLS_BIN } from './tools.js';

export const API_KEY = 'test-api-key-4711';

/** Telemetry, error reporting and update checks off for every client (see README of the tier). */
export const QUIET_ENV: Record<string, string> = {
  // Claude Code
  DISABLE_TELEMETRY: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_ERROR_REPORTING: '1',
  DISABLE_BUG_COMMAND: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  // Gemini CLI (plus settings.json, see geminiSettings)
  GEMINI_TELEMETRY_ENABLED: 'false',
  GEMINI_CLI_NO_RELAUNCH: 'true',
  // OpenCode
  OPENCODE_DISABLE_AUTOUPDATE: '1',
  OPENCODE_DISABLE_SHARE: '1',
  OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
  OPENCODE_DISABLE_MODELS_FETCH: '1',
  OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
  OPENCODE_DISABLE_CLAUDE_CODE: '1',
  // Factory Droid
  FACTORY_DROID_AUTO_UPDATE_ENABLED: 'false',
  FACTORY_OTEL_ENABLED: 'false',
  FACTORY_DISABLE_KEYRING: '1',
  DO_NOT_TRACK: '1',
  // Augment (auggie)
  AUGMENT_DISABLE_AUTO_UPDATE: '1',
  // Kilo Code (OpenCode's switches under its own prefix; telemetry is on only at level "all")
  KILO_TELEMETRY_LEVEL: 'off',
  KILO_DISABLE_AUTOUPDATE: '1',
  KILO_DISABLE_SHARE: '1',
  KILO_DISABLE_DEFAULT_PLUGINS: '1',
  KILO_DISABLE_MODELS_FETCH: '1',
  KILO_DISABLE_LSP_DOWNLOAD: '1',
  KILO_DISABLE_CLAUDE_CODE: '1',
  KILO_DISABLE_EXTERNAL_SKILLS: '1',
  // Cline (and its sessions run in-process, not in a background hub daemon that would outlive the test)
  CLINE_NO_AUTO_UPDATE: '1',
  CLINE_SESSION_BACKEND_MODE: 'local',
  // Codex takes its switches as -c overrides (see codex.test.ts) so its config.toml stays its own.
  NO_COLOR: '1',
  TERM: 'dumb',
};

export interface World {
  root: string;
  home: string;
  project: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  cp: ControlPlane;
  publicServer: PlainServer;
  apiKeyServer: PlainServer;
  port: number;
  /** The gateway's local endpoint for a companion server name. */
  gatewayUrl(name: string, kind?: 'mcp' | 'sse'): string;
  /** `mcp-companion <args>` in the project folder (so project-scoped configs are in reach). */
  companion(args: string[]): Promise<ExecResult>;
  serveOutput(): string;
  close(): Promise<void>;
}

export async function startWorld(label: string): Promise<World> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `mcpc-${label}-`)));
  const home = path.join(root, 'home');
  const project = path.join(root, 'project');
  const dataDir = path.join(root, 'companion');
  for (const d of [home, project, dataDir]) fs.mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: `${TOOLS_BIN}:${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    USER: process.env.USER ?? 'root',
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_STATE_HOME: path.join(home, '.local/state'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: os.tmpdir(),
    MCP_COMPANION_HOME: dataDir,
    BROWSER: AUTO_BROWSER,
    LANG: 'C.UTF-8',
    ...QUIET_ENV,
  };
  const cp = await startControlPlane({ servers: ['linear', 'github', 'notion'] });
  const publicServer = await startPlainServer({ name: 'public' });
  const apiKeyServer = await startPlainServer({ name: 'apikey', apiKey: API_KEY });
  const port = await freePort();
  const serve = await startServe(['--port', String(port)], env);
  return {
    root,
    home,
    project,
    dataDir,
    env,
    cp,
    publicServer,
    apiKeyServer,
    port,
    gatewayUrl: (name, kind = 'mcp') => `http://127.0.0.1:${port}/servers/${encodeURIComponent(name)}/${kind}`,
    companion: (args) => exec(process.execPath, [BIN, ...args], { env, cwd: project, timeoutMs: 60_000 }),
    serveOutput: () => serve.output(),
    async close() {
      await serve.stop();
      await Promise.allSettled([cp.close(), publicServer.close(), apiKeyServer.close()]);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs a client CLI (by name, from the pinned tools) in the project folder of the world. */
export function client(
  w: World,
  bin: string,
  args: string[],
  timeoutMs = 90_000,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ExecResult> {
  return exec(path.join(TOOLS_BIN, bin), args, { env: { ...w.env, ...extraEnv }, cwd: w.project, timeoutMs });
}

export async function route(w: World, clientId: string): Promise<string> {
  return ok(await w.companion(['route', clientId]), `mcp-companion route ${clientId}`).output;
}

export async function unroute(w: World, clientId: string): Promise<string> {
  return ok(await w.companion(['unroute', clientId]), `mcp-companion unroute ${clientId}`).output;
}

export function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** The gateway URL pattern every routed HTTP entry must carry. */
export function gatewayPattern(w: World): RegExp {
  return new RegExp(`^http://127\\.0\\.0\\.1:${w.port}/servers/[^/]+/(mcp|sse)$`);
}
