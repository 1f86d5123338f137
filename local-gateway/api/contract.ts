// CompanionApi: the one contract shared by the admin HTTP API (headless `serve`), the Electron
// IPC (main validates, preload exposes) and the renderer. Each operation has a zod schema for its
// request — every boundary validates with it — and a TypeScript response type.
import { z } from 'zod';
import type { CompanionEvent } from '../store/types.js';
import type { ServerStatus } from '../services/servers.js';
import type {
  ClientDescription,
  ClientId,
  Finding,
  ResetResult,
  RouteResult,
  UndoResetResult,
  UnrouteResult,
} from '../clients/types.js';
import { CLIENT_IDS } from '../clients/types.js';
import { findUnsupported } from '../clients/unsupported.js';

const serverName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'server names use letters, digits, ".", "_" and "-"');
// The one check of a client id, on every path (admin API, IPC, the CLI in or out of process).
const clientId = z.enum(CLIENT_IDS, {
  error: (iss) => {
    const unsupported = findUnsupported(String(iss.input));
    return unsupported
      ? `${unsupported.name} cannot be routed or reset: ${unsupported.why} \`mcp-companion clients\` lists the steps to set it up by hand`
      : `unknown client "${String(iss.input).slice(0, 64)}"; known clients: ${CLIENT_IDS.join(', ')}`;
  },
});
const none = z.object({}).strict();
/**
 * The caller's working folder: project-scoped configs (`.cursor/mcp.json`, `.mcp.json`, …) are
 * looked up there. It travels with each request, so the CLI sees the same files whether it works
 * in-process or through a running companion.
 */
const projectDir = z
  .string()
  .max(4096)
  .regex(/^(?:\/|[A-Za-z]:[\\/]|\\\\)/, 'projectDir must be an absolute path')
  .optional();

export const requestSchemas = {
  'status.get': none,
  'servers.list': none,
  'servers.add': z
    .object({
      name: serverName,
      url: z
        .string()
        .url()
        .max(2048)
        .refine((u) => /^https?:/i.test(u), 'http(s) URLs only'),
      headers: z
        .record(
          z
            .string()
            .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/)
            .max(128),
          z.string().max(8192),
        )
        .optional(),
      transport: z.enum(['streamable-http', 'sse']).optional(),
    })
    .strict(),
  'servers.remove': z.object({ name: serverName }).strict(),
  'servers.login': z.object({ name: serverName }).strict(),
  'servers.logout': z.object({ name: serverName, forgetRegistration: z.boolean().optional() }).strict(),
  'servers.reregister': z.object({ name: serverName }).strict(),
  'servers.connect': z
    .object({
      name: serverName,
      label: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'labels use letters, digits, ".", "_" and "-"'),
    })
    .strict(),
  'clients.list': z.object({ projectDir }).strict(),
  'clients.route': z
    .object({
      client: clientId,
      servers: z.array(z.string().max(128)).max(100).optional(),
      dryRun: z.boolean().optional(),
      projectDir,
    })
    .strict(),
  'clients.unroute': z.object({ client: clientId, dryRun: z.boolean().optional() }).strict(),
  'clients.reset': z
    .object({
      client: clientId,
      servers: z.array(z.string().max(128)).max(100).optional(),
      dryRun: z.boolean().optional(),
      projectDir,
    })
    .strict(),
  'clients.undoReset': z.object({ client: clientId }).strict(),
  'events.list': z
    .object({
      limit: z.number().int().min(1).max(1000).optional(),
      afterId: z.number().int().min(0).optional(),
      type: z.string().max(64).optional(),
      server: z.string().max(128).optional(),
    })
    .strict(),
  'settings.get': none,
  'settings.update': z
    .object({
      holdTimeoutMs: z.number().int().min(1000).max(600_000).optional(),
      startAtLogin: z.boolean().optional(),
      logLevel: z.enum(['error', 'warn', 'info', 'debug']).optional(),
      port: z.number().int().min(1024).max(65535).optional(),
    })
    .strict(),
  'diagnostics.get': none,
  'doctor.run': z.object({ projectDir }).strict(),
} as const;

export type Operation = keyof typeof requestSchemas;
export type RequestOf<O extends Operation> = z.infer<(typeof requestSchemas)[O]>;

export type Health = 'healthy' | 'refreshing' | 'action_needed' | 'failed';

export interface Settings {
  port: number;
  holdTimeoutMs: number;
  startAtLogin: boolean;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
}

export interface Overview {
  health: Health;
  servers: ServerStatus[];
  /** Short, plain-words reasons behind a health other than healthy. */
  attention: string[];
}

export interface ResponseMap {
  'status.get': Overview;
  'servers.list': ServerStatus[];
  'servers.add': ServerStatus;
  'servers.remove': { ok: true };
  'servers.login': { ok: true };
  'servers.logout': { ok: true };
  'servers.reregister': { ok: true };
  'servers.connect': { url: string; headers: { Authorization: string } };
  'clients.list': ClientDescription[];
  'clients.route': RouteResult;
  'clients.unroute': UnrouteResult;
  'clients.reset': ResetResult;
  'clients.undoReset': UndoResetResult;
  'events.list': CompanionEvent[];
  'settings.get': Settings;
  'settings.update': Settings;
  'diagnostics.get': { text: string };
  'doctor.run': DoctorFinding[];
}

/** A client finding, or one about the companion itself (an upstream, the port). */
export type DoctorFinding = Omit<Finding, 'client'> & { client: ClientId | 'companion' };

/** The interface the renderer codes against; IPC and HTTP implement it. */
export type CompanionApi = {
  [O in Operation]: (req: RequestOf<O>) => Promise<ResponseMap[O]>;
};

export type {
  ClientDescription,
  ClientId,
  CompanionEvent,
  Finding,
  ResetResult,
  RouteResult,
  ServerStatus,
  UndoResetResult,
  UnrouteResult,
};
