// Notifications: a login that needs the user, and a re-registration after the server dropped the
// old one; fed by a real store's event log, never replaying history.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFileSecretBox, openStore, type Store } from '../../../local-gateway/store/index.js';
import { noticesFor, showNotice, watchEvents, type Notice } from '../../../electron/notifications.js';
import { fake, resetFake } from '../../support/fake-electron.js';

vi.mock('electron', () => import('../../support/fake-electron.js'));

const ev = (id: number, type: string, server?: string, detail: Record<string, unknown> = {}) => ({
  id,
  at: id,
  type,
  server,
  detail,
});

describe('noticesFor', () => {
  it('announces logins and renewals, not first registrations', () => {
    const pending = new Set<string>();
    const notices = noticesFor(
      [
        ev(1, 'registration.created', 'linear', { issuer: 'https://auth.linear.app' }),
        ev(2, 'login.started', 'linear'),
        ev(3, 'registration.dropped', undefined, { issuer: 'https://auth.linear.app', reason: 'invalid_client' }),
        ev(4, 'registration.created', 'linear', { issuer: 'https://auth.linear.app' }),
        ev(5, 'registration.stale', 'notion', { clientId: 'c1' }),
        ev(6, 'proxy.request', 'notion'),
      ],
      pending,
    );
    expect(notices.map((n) => [n.kind, n.title])).toEqual([
      ['login', 'Sign in to linear'],
      ['reregistered', 'Re-registered with linear'],
    ]);
    // The stale notion registration is remembered across calls.
    expect(
      noticesFor([ev(7, 'registration.created', 'notion', { issuer: 'https://n.example' })], pending).map(
        (n) => n.title,
      ),
    ).toEqual(['Re-registered with notion']);
    expect(pending.size).toBe(0);
  });
});

describe('watchEvents', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    resetFake();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-notify-'));
    store = openStore({ dataDir: dir, secretBox: createFileSecretBox(dir) });
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('notifies for new events only and tells the tray to refresh', () => {
    store.addEvent('login.started', 'old', {});
    const seen: Notice[] = [];
    let refreshed = 0;
    const watcher = watchEvents({
      listEvents: (q) => store.listEvents(q),
      notify: (n) => seen.push(n),
      onEvents: () => refreshed++,
      intervalMs: 60_000,
    });
    watcher.poll();
    expect(seen).toEqual([]);
    store.addEvent('registration.stale', 'linear', { clientId: 'old-client' });
    store.addEvent('registration.created', 'linear', { issuer: 'https://auth.example', clientId: 'new-client' });
    store.addEvent('login.started', 'linear', {});
    watcher.poll();
    expect(seen.map((n) => n.title)).toEqual(['Re-registered with linear', 'Sign in to linear']);
    expect(refreshed).toBe(1);
    watcher.poll();
    expect(seen).toHaveLength(2);
    watcher.stop();
  });
});

describe('showNotice', () => {
  beforeEach(() => resetFake());
  it('shows a native notification when supported, nothing otherwise', () => {
    showNotice({ title: 'Sign in to linear', body: 'Your browser is open.' });
    expect(fake.notifications).toEqual([{ title: 'Sign in to linear', body: 'Your browser is open.' }]);
    fake.notificationsSupported = false;
    showNotice({ title: 'x', body: 'y' });
    expect(fake.notifications).toHaveLength(1);
  });
});
