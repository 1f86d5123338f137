// The 401/403 decisions of one exchange, without sockets: renew once, step up once, and refuse
// (never replace) a credential the user configured or a server that offers no OAuth.
import { describe, expect, it } from 'vitest';
import { AuthRetry, concernsAuth, PASS } from '../../../local-gateway/proxy/auth-retry.js';
import type { AuthLesson, TokenSource, UpstreamTarget } from '../../../local-gateway/proxy/types.js';

const target = (over: Partial<UpstreamTarget> = {}): UpstreamTarget => ({
  name: 'linear',
  url: 'https://mcp.example/mcp',
  transport: 'streamable-http',
  headers: {},
  auth: 'oauth',
  ownAuthorization: false,
  ...over,
});

function tokens() {
  const calls: string[] = [];
  const lessons: AuthLesson[] = [];
  const source: TokenSource = {
    token: async () => 't0',
    renew: async (_s, rejected) => (calls.push(`renew:${rejected}`), 't1'),
    stepUp: async (_s, rejected) => (calls.push(`stepUp:${rejected}`), 't2'),
    learned: (_s, lesson) => void lessons.push(lesson),
  };
  return { source, calls, lessons };
}

const signal = () => new AbortController().signal;

describe('AuthRetry', () => {
  it('renews once on a 401, then refuses with the sign-in fix', async () => {
    const t = tokens();
    const retry = new AuthRetry({ target: target(), tokens: t.source, signal });
    const first = retry.verdict(401, { 'www-authenticate': 'Bearer' }, 't0');
    expect(first.kind).toBe('retry');
    expect(await (first as { token: Promise<string> }).token).toBe('t1');
    const second = retry.verdict(401, { 'www-authenticate': 'Bearer' }, 't1');
    expect(second).toMatchObject({ kind: 'refuse', message: expect.stringContaining('mcp-companion login linear') });
    expect(t.calls).toEqual(['renew:t0']);
  });

  it("refuses, and records, a 401 to the user's own credential or without a Bearer challenge", () => {
    for (const [over, challenge] of [
      [{ ownAuthorization: true, headers: { Authorization: 'x' } }, 'Bearer'],
      [{ auth: 'unknown' as const }, 'Basic realm="x"'],
    ] as const) {
      const t = tokens();
      const v = new AuthRetry({ target: target(over), tokens: t.source, signal }).verdict(
        401,
        { 'www-authenticate': challenge },
        '',
      );
      expect(v.kind).toBe('refuse');
      expect(t.lessons).toEqual([{ accepted: false, problem: (v as { message: string }).message }]);
      expect(t.calls).toEqual([]);
    }
  });

  it('steps up once on 403 insufficient_scope, and learns from an accepted request sent no token', () => {
    const t = tokens();
    const retry = new AuthRetry({ target: target(), tokens: t.source, signal });
    const challenge = { 'www-authenticate': 'Bearer error="insufficient_scope", scope="write"' };
    expect(retry.verdict(403, challenge, 't0').kind).toBe('retry');
    expect(retry.verdict(403, challenge, 't2')).toBe(PASS);
    expect(t.calls).toEqual(['stepUp:t0']);

    const plain = target({ auth: 'unknown' });
    expect(concernsAuth(plain, 200, '')).toBe(true);
    expect(concernsAuth(target(), 200, 't0')).toBe(false); // the common answer allocates nothing
    const u = tokens();
    expect(new AuthRetry({ target: plain, tokens: u.source, signal }).verdict(200, {}, '')).toBe(PASS);
    expect(u.lessons).toEqual([{ accepted: true }]);
  });
});
