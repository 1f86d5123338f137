// Defaults shared by the adapters, so each client file states only what is specific to it.

import fs from 'node:fs';
import { httpTarget, isRoutedEntry, mcpRemoteTarget, type Obj } from './entry-shapes.js';
import { anyRunning } from './system.js';
import { joinFor } from './platform-paths.js';
import type { ClientAdapter, ClientContext, ConfigFileSpec, EntryKind, RemoteTarget, Scope } from './types.js';

export interface AdapterSpec extends Omit<
  ClientAdapter,
  'detect' | 'classify' | 'isRunning' | 'afterChange' | 'manualResetSteps'
> {
  /** Paths whose existence means the client is installed (or was used). */
  installMarkers(ctx: ClientContext): string[];
  /** Executable names of the client's main process. */
  processNames: string[];
  /** Field holding a remote URL (Windsurf: `serverUrl`). */
  urlFields?: string[];
  classify?: ClientAdapter['classify'];
  afterChange?: ClientAdapter['afterChange'];
  manualResetSteps?: ClientAdapter['manualResetSteps'];
}

export function defineAdapter(spec: AdapterSpec): ClientAdapter {
  const urlFields = spec.urlFields ?? ['url'];
  return {
    ...spec,
    detect(ctx) {
      const markers = spec.installMarkers(ctx).filter((p) => fs.existsSync(p));
      return { installed: markers.length > 0, markers };
    },
    classify: spec.classify ?? ((value) => classifyCommon(value, urlFields)),
    isRunning: (ctx) => anyRunning(ctx.processes, spec.processNames, ctx.platform === 'win32'),
    afterChange:
      spec.afterChange ??
      ((running) =>
        running
          ? `${spec.displayName} is running: restart it so it reloads its MCP servers.`
          : `Start ${spec.displayName}; it picks the change up on launch.`),
    manualResetSteps: spec.manualResetSteps ?? (() => []),
  };
}

export function classifyCommon(value: Obj, urlFields: string[]): { kind: EntryKind; remote?: RemoteTarget } {
  if (isRoutedEntry(value, urlFields)) return { kind: 'routed' };
  for (const f of urlFields) {
    const t = httpTarget(value, f);
    if (t) return { kind: 'remote', remote: t };
  }
  const r = mcpRemoteTarget(value);
  return r ? { kind: 'remote', remote: r } : { kind: 'local' };
}

/** The Authorization header every routed HTTP entry carries. */
export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** Every `<dir>/*.json`, sorted, as `mcpServers` files (Amazon Q and Kiro agents, named by the user). */
export function jsonFilesIn(ctx: ClientContext, dir: string, scope: Scope): ConfigFileSpec[] {
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names.map((n) => ({ path: joinFor(ctx.platform, dir, n), format: 'json' as const, scope }));
}
