import { describe, expect, it } from 'vitest';
import {
  allowedHosts,
  allowedOrigins,
  bearerToken,
  checkHost,
  checkLocalToken,
  checkOrigin,
} from '../../../local-gateway/server/guards.js';

describe('request guards (pure)', () => {
  const hosts = allowedHosts(4000);
  const origins = allowedOrigins(4000);
  it('accepts only loopback Host values with our port', () => {
    expect(checkHost('127.0.0.1:4000', hosts).ok).toBe(true);
    expect(checkHost('LOCALHOST:4000', hosts).ok).toBe(true);
    for (const bad of [undefined, '', '127.0.0.1', '127.0.0.1:4001', 'attacker.test:4000', '127.0.0.1.nip.io:4000']) {
      expect(checkHost(bad, hosts).ok, String(bad)).toBe(false);
    }
  });
  it('accepts no Origin (non-browser clients) or our own; refuses others and null', () => {
    expect(checkOrigin(undefined, origins).ok).toBe(true);
    expect(checkOrigin('http://127.0.0.1:4000', origins).ok).toBe(true);
    for (const bad of ['null', 'https://127.0.0.1:4000', 'http://evil.test', 'http://localhost:4001']) {
      expect(checkOrigin(bad, origins).ok, bad).toBe(false);
    }
  });
  it('extracts bearer tokens strictly', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
  });
  it('maps a verified token to its client and explains failures', () => {
    const verify = (raw: string) => (raw === 'good' ? 'cursor' : undefined);
    expect(checkLocalToken('Bearer good', verify)).toEqual({ ok: true, client: 'cursor' });
    const missing = checkLocalToken(undefined, verify);
    const wrong = checkLocalToken('Bearer bad', verify);
    expect(missing.ok || wrong.ok).toBe(false);
    if (!missing.ok && !wrong.ok) {
      expect(missing.message).toContain('Missing');
      expect(wrong.message).toContain('Invalid or revoked');
      expect(wrong.message).not.toContain('bad');
    }
  });
});
