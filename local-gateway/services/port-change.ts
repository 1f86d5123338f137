// The port is part of every routed config and every registered redirect URI. When it moves,
// registrations renew by themselves (they are keyed by redirect URI); routed configs are
// rewritten here: each routed client is restored and routed again at the new port.
import fs from 'node:fs';
import path from 'node:path';
import type { ClientOps } from '../clients/index.js';
import { isClientId } from '../clients/types.js';
import { errorMessage } from '../core/errors.js';
import type { Store } from '../store/index.js';

export async function rerouteAll(
  dataDir: string,
  clients: ClientOps,
  store: Store,
  from: number,
  to: number,
): Promise<string[]> {
  const dir = path.join(dataDir, 'routes');
  const ids = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .map((f) => f.replace(/\.json$/, ''))
        .filter(isClientId)
    : [];
  const rerouted: string[] = [];
  for (const id of ids) {
    try {
      const undone = await clients.unroute(id);
      if (!undone.entries.some((e) => e.status === 'restored')) continue;
      await clients.route(id, { servers: undone.entries.filter((e) => e.status === 'restored').map((e) => e.name) });
      rerouted.push(id);
    } catch (err) {
      store.addEvent('port.reroute_failed', undefined, { client: id, error: errorMessage(err) });
    }
  }
  store.addEvent('port.changed', undefined, { from, to, rerouted });
  return rerouted;
}
