// Claude Code keeps MCP OAuth state in the same JSON blob as its own login: `mcpOAuth` next to
// `claudeAiOauth`. Linux/Windows: `<config dir>/.credentials.json`; macOS: the keychain item
// `Claude Code-credentials[-<8 hex of sha256(config dir)>]`, account = the OS user name
// [source: npm @anthropic-ai/claude-code@2.1.332, see reference/clients.md §3.6]. Only
// `mcpOAuth` entries are removed; `mcpOAuthClientConfig` holds secrets the user supplied
// (`--client-secret`), not cached registrations, so it stays.

import crypto from 'node:crypto';
import { CompanionError } from '../../core/errors.js';
import { joinFor } from '../platform-paths.js';
import { isObj, type Obj } from '../entry-shapes.js';
import type { ClientContext, CredentialStore, ResetBackupItem } from '../types.js';
import { credential, jsonFileMapStore, pick, str, type MapEntryView } from './json-map-store.js';
import { isoFromEpoch } from './json-file.js';

const CONTAINER = ['mcpOAuth'];

export function claudeConfigDir(ctx: ClientContext): string {
  return ctx.env.CLAUDE_CONFIG_DIR || joinFor(ctx.platform, ctx.home, '.claude');
}

function view(key: string, v: Obj): MapEntryView {
  const disc = isObj(v.discoveryState) ? v.discoveryState : {};
  // discoveryState carries bookkeeping timestamps [source]; their names are not documented,
  // so take the newest numeric *At/*Time field. [inferred]
  const stamps = Object.entries(disc)
    .filter(([k, x]) => /(At|Time)$/.test(k) && typeof x === 'number')
    .map(([, x]) => x as number);
  const updatedAt = stamps.length ? isoFromEpoch(Math.max(...stamps)) : undefined;
  return {
    server: str(v.serverName) ?? key.split('|')[0]!,
    ...opt('url', str(v.serverUrl)),
    ...opt('clientId', str(v.clientId)),
    ...opt('updatedAt', updatedAt),
  };
}

function opt<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}

export function claudeCodeCredentialStore(ctx: ClientContext): CredentialStore {
  if (ctx.platform === 'darwin') return keychainStore(ctx);
  // CLAUDE_SECURESTORAGE_CONFIG_DIR can point secure storage elsewhere [source, semantics inferred].
  const dir = ctx.env.CLAUDE_SECURESTORAGE_CONFIG_DIR || claudeConfigDir(ctx);
  return jsonFileMapStore(ctx, joinFor(ctx.platform, dir, '.credentials.json'), CONTAINER, view);
}

export function claudeKeychainService(ctx: ClientContext): string {
  const dir = ctx.env.CLAUDE_CONFIG_DIR;
  return dir
    ? `Claude Code-credentials-${crypto.createHash('sha256').update(dir).digest('hex').slice(0, 8)}`
    : 'Claude Code-credentials';
}

function keychainStore(ctx: ClientContext): CredentialStore {
  const service = claudeKeychainService(ctx);
  const account = ctx.env.USER || ctx.env.LOGNAME || '';
  const label = `macOS Keychain "${service}"`;
  const readBlob = async (): Promise<Obj | undefined> => {
    const raw = await ctx.keychain.read(service, account);
    if (raw === undefined) return undefined;
    try {
      const v = JSON.parse(raw) as unknown;
      return isObj(v) ? v : undefined;
    } catch {
      throw new CompanionError('secret_unreadable', `${label} does not hold JSON; it was left unchanged`);
    }
  };
  return {
    label,
    async list() {
      const map = pick(await readBlob(), CONTAINER);
      return Object.entries(map).map(([key, v]) => credential(ctx, label, key, view(key, isObj(v) ? v : {})));
    },
    async remove(items, seal) {
      const blob = await readBlob();
      if (!blob) return [];
      const map = pick(blob, CONTAINER);
      const backups: ResetBackupItem[] = [];
      for (const it of items) {
        if (!(it.key in map)) continue;
        backups.push({
          kind: 'keychain-key',
          service,
          account,
          container: CONTAINER,
          key: it.key,
          sealed: seal(JSON.stringify(map[it.key])),
        });
        delete map[it.key];
      }
      if (backups.length) await ctx.keychain.write(service, account, JSON.stringify(blob));
      return backups;
    },
  };
}
