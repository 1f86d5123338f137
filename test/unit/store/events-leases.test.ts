import { describe, expect, it } from 'vitest';
import { MAX_EVENTS } from '../../../local-gateway/store/events.js';
import { fakeClock, openTestStore, tempDataDir } from '../../support/store-fixture.js';

describe('events', () => {
  it('lists newest first with type, server, afterId and limit filters', () => {
    const clock = fakeClock();
    const store = openTestStore(undefined, clock.now);
    store.addEvent('login', 'tfy', { clientId: 'c1' });
    clock.advance(10);
    store.addEvent('refresh', 'tfy');
    clock.advance(10);
    store.addEvent('route', undefined, { client: 'cursor' });
    const all = store.listEvents();
    expect(all.map((e) => e.type)).toEqual(['route', 'refresh', 'login']);
    expect(all[2]).toEqual({
      id: all[2]!.id,
      at: clock.now() - 20,
      type: 'login',
      server: 'tfy',
      detail: { clientId: 'c1' },
    });
    expect(all[0]).not.toHaveProperty('server');
    expect(store.listEvents({ server: 'tfy' }).map((e) => e.type)).toEqual(['refresh', 'login']);
    expect(store.listEvents({ type: 'route' }).map((e) => e.detail)).toEqual([{ client: 'cursor' }]);
    expect(store.listEvents({ afterId: all[2]!.id }).map((e) => e.type)).toEqual(['route', 'refresh']);
    expect(store.listEvents({ limit: 1 }).map((e) => e.type)).toEqual(['route']);
  });

  it('redacts secret-looking string values in detail', () => {
    const store = openTestStore();
    store.addEvent('token', 'tfy', {
      accessToken: 'at-value',
      nested: { refresh_token: 'rt-value', client_secret: 'cs-value' },
      Authorization: 'Bearer x',
      tokenType: 'Bearer',
      hasRefreshToken: true,
      authorizationEndpoint: 'https://auth.example.com/authorize',
    });
    const [event] = store.listEvents();
    expect(event?.detail).toEqual({
      accessToken: '[redacted]',
      nested: { refresh_token: '[redacted]', client_secret: '[redacted]' },
      Authorization: '[redacted]',
      tokenType: 'Bearer',
      hasRefreshToken: true,
      authorizationEndpoint: 'https://auth.example.com/authorize',
    });
  });

  it(`keeps only the newest ${MAX_EVENTS} events`, () => {
    const store = openTestStore();
    const insertMany = store.db.transaction((n: number) => {
      for (let i = 0; i < n; i++) store.addEvent('tick', undefined, { i });
    });
    insertMany(MAX_EVENTS + 7);
    const count = store.db.prepare('SELECT COUNT(*) FROM events').pluck().get();
    expect(count).toBe(MAX_EVENTS);
    const events = store.listEvents({ limit: MAX_EVENTS + 100 });
    expect(events).toHaveLength(MAX_EVENTS);
    expect(events[0]?.detail).toEqual({ i: MAX_EVENTS + 6 });
    expect(events.at(-1)?.detail).toEqual({ i: 7 });
  });
});

describe('leases across two connections', () => {
  it('are exclusive until released or expired', () => {
    const dir = tempDataDir();
    const clock = fakeClock();
    const app = openTestStore(dir, clock.now);
    const cli = openTestStore(dir, clock.now);

    expect(app.tryAcquireLease('refresh:tfy', 'app', 30_000)).toBe(true);
    expect(cli.tryAcquireLease('refresh:tfy', 'cli', 30_000)).toBe(false);
    expect(cli.tryAcquireLease('refresh:other', 'cli', 30_000)).toBe(true); // keys are independent
    expect(app.tryAcquireLease('refresh:tfy', 'app', 30_000)).toBe(true); // re-entrant for the owner

    cli.releaseLease('refresh:tfy', 'cli'); // not the owner: no effect
    expect(cli.tryAcquireLease('refresh:tfy', 'cli', 30_000)).toBe(false);

    app.releaseLease('refresh:tfy', 'app');
    expect(cli.tryAcquireLease('refresh:tfy', 'cli', 30_000)).toBe(true);
    expect(app.tryAcquireLease('refresh:tfy', 'app', 30_000)).toBe(false);
  });

  it('an expired lease can be taken over by another owner', () => {
    const dir = tempDataDir();
    const clock = fakeClock();
    const app = openTestStore(dir, clock.now);
    const cli = openTestStore(dir, clock.now);
    expect(app.tryAcquireLease('refresh:tfy', 'app', 10_000)).toBe(true);
    clock.advance(9_999);
    expect(cli.tryAcquireLease('refresh:tfy', 'cli', 10_000)).toBe(false);
    clock.advance(1);
    expect(cli.tryAcquireLease('refresh:tfy', 'cli', 10_000)).toBe(true);
    expect(app.tryAcquireLease('refresh:tfy', 'app', 10_000)).toBe(false);
    app.releaseLease('refresh:tfy', 'app'); // the old owner's late release must not free it
    expect(app.tryAcquireLease('refresh:tfy', 'app', 10_000)).toBe(false);
  });
});
