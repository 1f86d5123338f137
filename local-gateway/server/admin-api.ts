// The admin API: what the CLI (and the headless dashboard) ask of a running companion.
// Thin express handlers over the service functions; every route requires the admin token.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { CompanionError, isCompanionError } from '../core/errors.js';
import type { OAuthClient } from '../oauth/index.js';
import { sameSecret } from '../services/admin-token.js';
import { serverStatuses } from '../services/servers.js';
import type { Store } from '../store/index.js';
import { bearerToken } from './guards.js';

export interface AdminDeps {
  store: Store;
  oauth: OAuthClient;
  port: number;
  isAuthorized(req: Request): boolean;
}

export function adminTokenCheck(adminToken: string): (req: Request) => boolean {
  return (req) => {
    const raw = bearerToken(req.headers.authorization);
    return raw !== undefined && sameSecret(raw, adminToken);
  };
}

export function createAdminApi(deps: AdminDeps): Router {
  const r = express.Router();
  r.use((req, res, next) => {
    if (deps.isAuthorized(req)) return next();
    res.status(401).json({ error: 'unauthorized', message: 'The admin API needs the companion admin token.' });
  });
  r.use(express.json({ limit: '64kb' }));
  r.get('/health', (_req, res) => void res.json({ ok: true, port: deps.port, pid: process.pid }));
  r.get('/servers', (_req, res) => void res.json(serverStatuses(deps.store, deps.oauth, deps.port)));
  r.post('/servers/:name/login', async (req, res) => {
    const server = deps.store.getServer(String(req.params.name));
    if (!server) throw new CompanionError('not_found', `No upstream server named "${req.params.name}".`);
    await deps.oauth.login(server);
    res.json({ ok: true });
  });
  r.post('/servers/:name/logout', (req, res) => {
    deps.oauth.logout(String(req.params.name), { forgetRegistration: req.body?.forgetRegistration === true });
    res.json({ ok: true });
  });
  r.get('/events', (req, res) => {
    const limit = Math.min(Number(req.query.limit) || 100, 1000);
    res.json(deps.store.listEvents({ limit }));
  });
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = isCompanionError(err, 'not_found') ? 404 : isCompanionError(err, 'bad_input') ? 400 : isCompanionError(err) ? 409 : 500;
    const message = err instanceof Error ? err.message : 'Internal error';
    res.status(status).json({ error: isCompanionError(err) ? err.code : 'internal', message });
  });
  return r;
}
