// The admin API: CompanionApi over HTTP (`POST /api/rpc/<operation>` with a JSON body), used by
// the CLI against a running companion and by the headless dashboard. Every route needs the
// admin token (CLI) or the dashboard session (browser); payloads are validated by the contract.
import type { NextFunction, Request, Response, Router } from 'express';
import type { CompanionApi } from '../api/contract.js';
import { dispatch } from '../api/dispatch.js';
import { isCompanionError } from '../core/errors.js';
import { sameSecret } from '../services/admin-token.js';
import { bearerToken } from './guards.js';
import { loadExpress } from './load-express.js';

export interface AdminDeps {
  api: CompanionApi;
  port: number;
  isAuthorized(req: Request): boolean;
}

export function adminTokenCheck(adminToken: string): (req: Request) => boolean {
  return (req) => {
    const raw = bearerToken(req.headers.authorization);
    return raw !== undefined && sameSecret(raw, adminToken);
  };
}

const STATUS: Record<string, number> = {
  bad_input: 400,
  not_found: 404,
  conflict: 409,
  config_unparseable: 422,
  client_running: 409,
  login_timeout: 504,
};

export async function createAdminApi(deps: AdminDeps): Promise<Router> {
  const express = await loadExpress();
  const r = express.Router();
  r.use((req, res, next) => {
    if (deps.isAuthorized(req)) return next();
    res.status(401).json({
      error: 'unauthorized',
      message: 'The admin API needs the companion admin token or a dashboard session.',
    });
  });
  r.get('/health', (_req, res) => void res.json({ ok: true, port: deps.port, pid: process.pid }));
  // JSON only: a cross-site "simple" form or text/plain POST can never reach a handler.
  r.post('/rpc/:op', express.json({ limit: '256kb', type: 'application/json' }), async (req, res) => {
    if (!req.is('application/json')) {
      res.status(415).json({ error: 'unsupported_media_type', message: 'Send application/json.' });
      return;
    }
    res.json({ result: await dispatch(deps.api, String(req.params.op), req.body) });
  });
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const code = isCompanionError(err)
      ? err.code
      : (err as { type?: string }).type === 'entity.parse.failed'
        ? 'bad_input'
        : 'internal';
    const status = STATUS[code] ?? (isCompanionError(err) ? 409 : ((err as { status?: number }).status ?? 500));
    const message =
      isCompanionError(err) || status < 500 ? (err as Error).message : 'Internal error; see the companion log.';
    res.status(status).json({ error: code, message });
  });
  return r;
}
