// The client-adapter contract and the JSON-able results the CLI prints. One adapter per client
// (one file under ./adapters plus fixtures); everything shared lives in the engine files.

import type { RouteHost } from './host.js';
import type { Keychain, ProcessLister } from './system.js';

export const CLIENT_IDS = [
  'cursor',
  'claude-desktop',
  'claude-code',
  'opencode',
  'vscode',
  'windsurf',
  'codex',
  'gemini',
  'crush',
  'augment',
  'factory',
  'goose',
  'zed',
  'lm-studio',
  'junie',
  'kiro',
  'amazon-q',
  'trae',
  'warp',
  'vscode-insiders',
  'cline',
  'roo-code',
  'kilo-code',
  'continue',
  'copilot-cli',
  'qwen',
  'amp',
] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

/** The client ids as help text: comma-separated, wrapped to `width` columns after `indent`. */
export function clientIdLines(indent = '', width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, id] of CLIENT_IDS.entries()) {
    const word = id + (i < CLIENT_IDS.length - 1 ? ',' : '');
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, indent + line].join('\n');
}

export function isClientId(id: string): id is ClientId {
  return (CLIENT_IDS as readonly string[]).includes(id);
}

/** Everything an adapter may know about the machine: passed in, never read from process.env. */
export interface ClientContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** Project folders to look in for project-scoped configs (e.g. the CLI's cwd). */
  projectDirs: string[];
  processes: ProcessLister;
  keychain: Keychain;
  now: () => number;
}

export type Scope = 'user' | 'project' | 'local';

export interface ConfigFileSpec {
  path: string;
  format: ConfigFormat;
  /**
   * JSON and YAML: where the server entries live in this file (Claude Code has several). A YAML
   * container may also be a sequence of mappings named by their `name` field (Continue).
   */
  containers?: (root: unknown) => Array<{ path: Array<string | number>; scope: Scope }>;
  scope: Scope;
}

export type ConfigFormat = 'json' | 'toml' | 'yaml';

/**
 * Where an entry lives: a JSON path to its value, a Codex `[mcp_servers.<name>]` table, or a
 * named mapping in a YAML container (found by name, so reordering a sequence does not lose it).
 */
export type EntryLocator =
  | { kind: 'json'; path: Array<string | number> }
  | { kind: 'toml'; name: string }
  | { kind: 'yaml'; container: Array<string | number>; name: string };

export interface RawEntry {
  file: string;
  scope: Scope;
  name: string;
  locator: EntryLocator;
  value: Record<string, unknown>;
  /** Why it cannot be edited in place (e.g. a TOML table split across the file). */
  readOnly?: string;
}

export type Transport = 'streamable-http' | 'sse';

/** A remote server the entry talks to, as the client would reach it. */
export interface RemoteTarget {
  via: 'http' | 'mcp-remote';
  url: string;
  transport: Transport;
  /** Header templates exactly as written (may contain `${VAR}`); kept by the companion. */
  headers: Record<string, string>;
  /** mcp-remote `--resource` (part of its cache key). */
  resource?: string;
}

export type EntryKind = 'remote' | 'routed' | 'local';

export interface ClassifiedEntry extends RawEntry {
  kind: EntryKind;
  remote?: RemoteTarget;
}

export interface ConfigFileStatus {
  path: string;
  scope: Scope;
  exists: boolean;
  /** Set when the file does not parse: `<path>:<line>:<col>: <problem>`. */
  error?: string;
}

export interface EntrySummary {
  name: string;
  file: string;
  scope: Scope;
  kind: EntryKind;
  via?: 'http' | 'mcp-remote';
  url?: string;
  transport?: Transport;
  readOnly?: string;
}

/** A cached OAuth credential as shown to users: never a token or secret value. */
export interface CachedCredential {
  /** Server/entry name as the client knows it. */
  server: string;
  /** Human description of the store (file path or keychain item). */
  store: string;
  /** The key inside the store (e.g. `linear|0a1b…`, a file name, a SQLite row key). */
  key: string;
  url?: string;
  clientId?: string;
  /** ISO time the credential was last written (at the latest); it was registered before this. */
  updatedAt?: string;
  ageDays?: number;
}

/** The caller's working folder, looked in for project-scoped configs next to the configured ones. */
export interface ProjectScope {
  projectDir?: string;
}

export interface RouteOptions extends ProjectScope {
  servers?: string[];
  dryRun?: boolean;
}

export interface RoutedEntryResult {
  name: string;
  file: string;
  scope: Scope;
  status: 'routed' | 'already-routed' | 'skipped';
  upstream?: string;
  mode?: 'http' | 'bridge';
  reason?: string;
}

export interface FileChange {
  file: string;
  changed: boolean;
  diff: string;
  backup?: string;
  error?: string;
}

export interface RouteResult {
  client: ClientId;
  dryRun: boolean;
  entries: RoutedEntryResult[];
  files: FileChange[];
  nextSteps: string[];
  /** "Gave up on this server" state of the routed names that was (or would be) cleared. */
  clearedState?: CachedCredential[];
  /** Sealed backup of `clearedState`, in the reset backups: `reset --undo` puts it back. */
  stateBackup?: string;
}

export interface UnroutedEntryResult {
  name: string;
  file: string;
  status: 'restored' | 'modified-left' | 'gone' | 'file-error';
  reason?: string;
}

export interface UnrouteResult {
  client: ClientId;
  dryRun: boolean;
  entries: UnroutedEntryResult[];
  files: FileChange[];
  nextSteps: string[];
}

export interface ResetResult {
  client: ClientId;
  dryRun: boolean;
  running: boolean;
  /** Cached MCP sign-ins (tokens, registrations) removed. */
  removed: CachedCredential[];
  /** "Gave up on this server" state cleared with them (e.g. Claude Code's needs-auth verdicts). */
  clearedState?: CachedCredential[];
  /** Sealed backup of every removed item; `undoReset` restores the latest one. */
  backup?: string;
  /** Stores the companion cannot edit safely: what the user must do by hand. */
  manualSteps: string[];
  /** What the user must do next (restart, re-connect). */
  nextSteps: string[];
}

export interface UndoResetResult {
  client: ClientId;
  backup?: string;
  restored: Array<{ store: string; key: string }>;
  skipped: Array<{ store: string; key: string; reason: string }>;
  nextSteps: string[];
}

export interface ClientDescription {
  id: ClientId;
  name: string;
  installed: boolean;
  configured: boolean;
  running: boolean;
  configFiles: ConfigFileStatus[];
  entries: EntrySummary[];
  cachedCredentials: CachedCredential[];
  notes: string[];
}

export interface Finding {
  client: ClientId;
  severity: 'error' | 'warning' | 'info';
  server?: string;
  problem: string;
  fix: string;
}

/** What a client hands the engine to reset one of its credential stores. */
export interface CredentialStore {
  /** Human label used in results (a path or a keychain item name). */
  label: string;
  /** True when the client must be quit before the store may be edited. */
  requiresQuit?: boolean;
  list(entries: ClassifiedEntry[]): Promise<StoredCredential[]>;
  /** Removes the items and returns their sealed backups. Never called with an empty list. */
  remove(items: StoredCredential[], seal: (plain: string) => string): Promise<ResetBackupItem[]>;
}

export interface StoredCredential extends CachedCredential {
  /** Store-specific handle used by remove(). */
  handle: unknown;
}

/** One removed item in a reset backup; `sealed` holds the removed value, sealed by the host. */
export type ResetBackupItem =
  | {
      kind: 'json-key';
      file: string;
      container: string[];
      key: string;
      sealed: string;
      /** Put back only while the container is still there (a key inside a config entry, e.g. Cline's `oauth`). */
      intoExisting?: boolean;
    }
  | { kind: 'json-array-item'; file: string; matchField: string; matchValue: string; sealed: string }
  | { kind: 'keychain-key'; service: string; account: string; container: string[]; key: string; sealed: string }
  | { kind: 'file'; file: string; mode: number; sealed: string }
  | { kind: 'sqlite-row'; file: string; key: string; sealed: string }
  | { kind: 'sqlite-json-key'; file: string; row: string; key: string; sealed: string };

export interface ClientAdapter {
  readonly id: ClientId;
  readonly displayName: string;
  /** False for clients that only launch stdio servers (Claude Desktop): they get the bridge. */
  readonly httpCapable: boolean;
  detect(ctx: ClientContext): { installed: boolean; markers: string[] };
  configFiles(ctx: ClientContext): ConfigFileSpec[];
  /** Decides what an entry is; `undefined` remote means a local (stdio) server. */
  classify(value: Record<string, unknown>): { kind: EntryKind; remote?: RemoteTarget };
  /** The routed HTTP form of an entry, in the client's own field names (HTTP-capable clients). */
  routedHttpEntry?(
    original: Record<string, unknown>,
    local: { url: string; token: string; transport: Transport },
  ): Record<string, unknown>;
  /** The routed stdio form (bridge launch); default `{command, args, env: {MCP_COMPANION_TOKEN}}` + kept fields. */
  routedBridgeEntry?(
    original: Record<string, unknown>,
    bridge: { command: string; args: string[]; env?: Record<string, string> },
    token: string,
  ): Record<string, unknown>;
  credentialStores(ctx: ClientContext): CredentialStore[];
  /**
   * Per-server "gave up" state besides tokens (e.g. Claude Code's needs-auth verdicts): cleared
   * by reset for the reset names and by route for the routed names. Not listed as credentials.
   */
  gaveUpStores?(ctx: ClientContext): CredentialStore[];
  /** Steps for stores the companion cannot edit safely (keychains it cannot write, encrypted DBs). */
  manualResetSteps(ctx: ClientContext, servers: string[]): string[];
  /** What to do after a route/reset, depending on whether the client is running. */
  afterChange(running: boolean): string;
  isRunning(ctx: ClientContext): Promise<boolean>;
}

export interface EngineDeps {
  ctx: ClientContext;
  host: RouteHost;
}
