// Companion-side checks for `doctor`: each upstream's auth as learned (a refused credential; for
// OAuth servers, discovery: a V1-looking gateway has no protected-resource metadata or no
// registration endpoint) and the gateway itself (is a companion serving this data dir, and is
// its port free or held by it).
import net from 'node:net';
import { errorMessage } from '../core/errors.js';
import { discoverAuthContext, supportsClientIdMetadata, type AuthContext } from '../oauth/discovery.js';
import type { Store } from '../store/index.js';
import type { UpstreamServer } from '../store/types.js';
import { clientInUse } from './servers.js';

export interface ServerFinding {
  severity: 'error' | 'warning' | 'info';
  server?: string;
  problem: string;
  fix: string;
}

/**
 * Per upstream, by what its answers showed: a refused credential is an error with the fix; only
 * an OAuth server gets the discovery check (a V1-looking gateway is only news for a server that
 * asked for OAuth); public and API-key servers are listed with their auth kind.
 */
export async function checkServers(store: Store, fetchFn: typeof fetch): Promise<ServerFinding[]> {
  const findings: ServerFinding[] = [];
  await Promise.all(
    store.listServers().map(async (s) => {
      if (s.authProblem) {
        findings.push({
          severity: 'error',
          server: s.name,
          problem: s.authProblem,
          fix: `Renew the credential, then retry: \`mcp-companion server remove ${s.name}\` and \`mcp-companion server add ${s.name} <url> --header '<Name>: <value>'\`.`,
        });
        return;
      }
      if (s.auth !== 'oauth') {
        findings.push({
          severity: 'info',
          server: s.name,
          problem: `${s.name}: ${AUTH_KIND_WORDS[s.auth]}`,
          fix: 'Nothing to do.',
        });
        return;
      }
      try {
        const timed: typeof fetch = (input, init) => fetchFn(input, { ...init, signal: AbortSignal.timeout(8000) });
        findings.push(clientFinding(store, s, await discoverAuthContext(s.url, undefined, timed)));
      } catch (err) {
        const msg = errorMessage(err);
        findings.push({
          severity: 'error',
          server: s.name,
          problem: `${s.name}: ${msg}`,
          fix: /V1|Registration/.test(msg)
            ? 'Switch the gateway to the V2 OAuth flow (default from gateway v0.148.2), then run `mcp-companion login ' +
              s.name +
              '`.'
            : `Check the URL (\`mcp-companion server list\`) and your network, then run \`mcp-companion login ${s.name}\`.`,
        });
      }
    }),
  );
  return findings;
}

/** Which OAuth client signs in (dcr, cimd, pre-registered) and, when it is not the one configured, why. */
function clientFinding(store: Store, s: UpstreamServer, ctx: AuthContext): ServerFinding {
  const tokens = store.getTokens(s.name);
  const reg = tokens && store.listRegistrations().find((r) => r.id === tokens.registrationId);
  const use = clientInUse(s, reg?.kind, store.listEvents({ limit: 200 }));
  if (s.clientIdMetadataUrl && !supportsClientIdMetadata(ctx.metadata)) {
    return {
      severity: 'warning',
      server: s.name,
      problem: `${s.name}: ${ctx.issuer} does not advertise client_id_metadata_document_supported, so the metadata document ${s.clientIdMetadataUrl} is not used; the companion registers itself (DCR) instead.`,
      fix: 'Ask the control plane administrator to enable Client ID Metadata Documents, or ignore this if DCR suits you.',
    };
  }
  if (use.clientProblem) {
    return {
      severity: 'warning',
      server: s.name,
      problem: `${s.name}: signs in with ${use.client}. ${use.clientProblem}`,
      fix: `Fix the document or client as described, then run \`mcp-companion login ${s.name}\`.`,
    };
  }
  const how = {
    dcr: 'a client the companion registered (DCR)',
    cimd: `the Client ID Metadata Document ${reg?.clientId ?? s.clientIdMetadataUrl ?? ''}`,
    'pre-registered': `the pre-registered client ${s.oauthClient?.clientId ?? ''} (${s.oauthClient?.source ?? ''})`,
  }[use.client];
  return {
    severity: 'info',
    server: s.name,
    problem: `${s.name}: signs in with ${use.client}: ${how}.`,
    fix: 'Nothing to do.',
  };
}

const AUTH_KIND_WORDS = {
  unknown: 'auth not known yet: it is learned from the first request the server answers',
  none: 'a public server (no auth); proxied with no OAuth',
  headers: 'authenticates with the headers you configured (API key or token); proxied with no OAuth',
} as const;

export interface GatewayProbe {
  /** The port routed configs and redirect URIs use (the remembered one). */
  port: number;
  /** This process serves the gateway itself. */
  serving: boolean;
  /** The companion holding this data dir's lock, if any (pid and port unknown while it starts). */
  owner(): Partial<{ pid: number; port: number }> | undefined;
  /** Does the listener on `port` answer the admin API as this data dir's companion? */
  answersAsOurs(port: number): Promise<boolean>;
  /** Is 127.0.0.1:port free to bind? */
  portFree?(port: number): Promise<boolean>;
}

const START = 'run `mcp-companion serve` (and keep it running), or start the MCP Companion app';

/** Is the gateway up for this data dir, and if not, what exactly stands in the way? */
export async function checkGateway(p: GatewayProbe): Promise<ServerFinding[]> {
  if (p.serving) return [];
  const owner = p.owner();
  if (owner) {
    if (owner.port && (await p.answersAsOurs(owner.port))) return [];
    const who = owner.pid
      ? `The companion serving this data dir (pid ${owner.pid})`
      : 'A companion starting on this data dir';
    return [
      {
        severity: 'error',
        problem: `${who} does not answer on 127.0.0.1:${owner.port || p.port}: routed clients cannot reach the gateway.`,
        fix: `Restart it: ${owner.pid ? `quit the app or stop it (\`kill ${owner.pid}\`), then ` : 'wait a moment, or stop it, then '}${START}.`,
      },
    ];
  }
  if (await (p.portFree ?? portFree)(p.port)) {
    return [
      {
        severity: 'error',
        problem: `The gateway is not running: nothing listens on 127.0.0.1:${p.port}, so every client routed through the companion fails.`,
        fix: `Start it: ${START}.`,
      },
    ];
  }
  // Nobody holds this data dir, so whatever listens is not its companion (it gets no token).
  return [
    {
      severity: 'error',
      problem: `Port ${p.port} (the companion's, part of every routed config and redirect URI) is held by another program, which is not this data dir's companion: the gateway cannot start.`,
      fix: `Stop the program listening on 127.0.0.1:${p.port} (\`lsof -nP -iTCP:${p.port} -sTCP:LISTEN\` names it), then ${START}; or move the companion with \`mcp-companion serve --port <n>\` (routed configs are rewritten to the new port).`,
    },
  ];
}

function portFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
