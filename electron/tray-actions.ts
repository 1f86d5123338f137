// What the tray menu's items do. Each one goes through the same CompanionApi the dashboard uses
// and reports its outcome as a notification; a reset first asks, listing exactly what goes.
import { dialog } from 'electron';
import type { ClientDescription, ClientId, CompanionApi } from '../local-gateway/api/contract.js';
import { errorMessage } from '../local-gateway/core/errors.js';
import type { TrayActions } from './tray-menu.js';

export interface TrayActionDeps {
  api: CompanionApi;
  openDashboard(): void;
  notify(title: string, body: string): void;
  quit(): void;
  /** Called after anything that changes what the tray shows. */
  changed(): void;
}

export function createTrayActions(deps: TrayActionDeps): TrayActions {
  const { api } = deps;
  const attempt = (what: string, run: () => Promise<void>) => {
    run()
      .catch((err: unknown) => deps.notify(`${what} failed`, errorMessage(err)))
      .finally(() => deps.changed());
  };
  const clients = () => api['clients.list']({});
  return {
    openDashboard: () => deps.openDashboard(),
    quit: () => deps.quit(),
    setStartAtLogin: (on) =>
      attempt('Start at login', async () => void (await api['settings.update']({ startAtLogin: on }))),
    resetClient: (client) => attempt('Reset', () => resetWithConfirmation(deps, client)),
    routeAll: () =>
      attempt('Route all clients', async () => {
        const targets = (await clients()).filter((c) => hasEntry(c, 'remote'));
        const routed = await eachClient(targets, (c) => api['clients.route']({ client: c }));
        deps.notify('Clients routed', summary(routed, 'now go through MCP Companion'));
      }),
    restoreAll: () =>
      attempt('Restore original configs', async () => {
        const targets = (await clients()).filter((c) => hasEntry(c, 'routed'));
        const restored = await eachClient(targets, (c) => api['clients.unroute']({ client: c }));
        deps.notify('Original configs restored', summary(restored, 'use their original entries again'));
      }),
  };
}

async function resetWithConfirmation(deps: TrayActionDeps, client: ClientId): Promise<void> {
  const plan = await deps.api['clients.reset']({ client, dryRun: true });
  if (plan.removed.length === 0) {
    deps.notify('Nothing to reset', `No cached MCP credentials were found for ${client}.`);
    return;
  }
  const list = plan.removed.map((c) => `• ${c.server} — ${c.store}`).join('\n');
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    buttons: ['Reset', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `Reset MCP credentials of ${client}?`,
    detail: `These cached credentials will be removed (a backup is kept; Undo is in the dashboard):\n${list}${plan.running ? '\n\nThe client is running: quit it first or restart it afterwards.' : ''}`,
  });
  if (response !== 0) return;
  const done = await deps.api['clients.reset']({ client });
  deps.notify(
    `Reset ${client}: ${done.removed.length} credential(s) removed`,
    [...done.manualSteps, ...done.nextSteps].join(' ') || 'Reconnect the servers in the client.',
  );
}

function hasEntry(c: ClientDescription, kind: 'remote' | 'routed'): boolean {
  return c.entries.some((e) => e.kind === kind && (kind !== 'remote' || !e.readOnly));
}

/** Runs the operation for every client, one at a time (config edits take file locks). */
async function eachClient(
  targets: ClientDescription[],
  run: (client: ClientId) => Promise<unknown>,
): Promise<{ ok: string[]; failed: string[] }> {
  const ok: string[] = [];
  const failed: string[] = [];
  for (const c of targets) {
    try {
      await run(c.id);
      ok.push(c.name);
    } catch (err) {
      failed.push(`${c.name} (${errorMessage(err)})`);
    }
  }
  return { ok, failed };
}

function summary(r: { ok: string[]; failed: string[] }, verb: string): string {
  if (r.ok.length === 0 && r.failed.length === 0) return 'There was nothing to change.';
  return [
    r.ok.length > 0 ? `${r.ok.join(', ')} ${verb}.` : '',
    r.failed.length > 0 ? `Failed: ${r.failed.join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
