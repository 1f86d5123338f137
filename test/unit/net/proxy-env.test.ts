// Which URLs go through which proxy: HTTPS_PROXY/HTTP_PROXY/NO_PROXY as curl reads them, and
// loopback never proxied.
import { describe, expect, it } from 'vitest';
import { bypassed, displayProxy, proxyFromEnv, proxySummary } from '../../../local-gateway/net/proxy-env.js';

const P = 'http://proxy.corp:3128';
const via = (url: string, env: NodeJS.ProcessEnv) => proxyFromEnv(new URL(url), env);

describe('proxyFromEnv', () => {
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http, either case, lower case first', () => {
    expect(via('https://mcp.example.com/x', { HTTPS_PROXY: P })).toBe(P);
    expect(via('https://mcp.example.com/x', { https_proxy: P, HTTPS_PROXY: 'http://other:1' })).toBe(P);
    expect(via('http://mcp.example.com/x', { http_proxy: P })).toBe(P);
    // No fallback across schemes, as in curl and Go.
    expect(via('https://mcp.example.com/x', { HTTP_PROXY: P })).toBeUndefined();
    expect(via('http://mcp.example.com/x', { HTTPS_PROXY: P })).toBeUndefined();
    expect(via('https://mcp.example.com/x', { HTTPS_PROXY: 'proxy.corp:3128' })).toBe(P);
  });

  it('never proxies loopback, whatever the environment says', () => {
    for (const url of ['http://127.0.0.1:8080/', 'https://127.9.9.9/', 'http://localhost:1/', 'http://[::1]:3000/'])
      expect(via(url, { HTTPS_PROXY: P, HTTP_PROXY: P })).toBeUndefined();
    expect(via('https://128.0.0.1/', { HTTPS_PROXY: P })).toBe(P);
  });

  it('applies NO_PROXY', () => {
    expect(via('https://mcp.corp.example/', { HTTPS_PROXY: P, NO_PROXY: 'corp.example' })).toBeUndefined();
    expect(via('https://mcp.corp.example/', { HTTPS_PROXY: P, no_proxy: 'other.example' })).toBe(P);
  });
});

describe('NO_PROXY matching', () => {
  const b = (url: string, list: string) => bypassed(new URL(url), list);
  it('matches a name, its subdomains, and a leading dot or *. as a domain suffix', () => {
    expect(b('https://corp.example/', 'corp.example')).toBe(true);
    expect(b('https://a.b.corp.example/', 'corp.example')).toBe(true);
    expect(b('https://corp.example/', '.corp.example')).toBe(true);
    expect(b('https://a.corp.example/', '*.corp.example')).toBe(true);
    expect(b('https://notcorp.example/', 'corp.example')).toBe(false);
    expect(b('https://CORP.Example/', ' Corp.Example ')).toBe(true);
  });
  it('matches ports only when given, counting default ports', () => {
    expect(b('https://corp.example/', 'corp.example:443')).toBe(true);
    expect(b('https://corp.example:8443/', 'corp.example:443')).toBe(false);
    expect(b('http://corp.example/', 'corp.example:80')).toBe(true);
    expect(b('https://[2001:db8::1]:8443/', '[2001:db8::1]:8443')).toBe(true);
    expect(b('https://[2001:db8::1]/', '2001:db8::1')).toBe(true);
  });
  it('takes * for everything, CIDR blocks for IP literals, and commas or spaces between entries', () => {
    expect(b('https://anything.example/', '*')).toBe(true);
    expect(b('https://10.1.2.3/', 'a.example, 10.0.0.0/8')).toBe(true);
    expect(b('https://11.1.2.3/', '10.0.0.0/8')).toBe(false);
    expect(b('https://ten.example/', '10.0.0.0/8')).toBe(false);
    expect(b('https://b.example/', 'a.example b.example')).toBe(true);
    expect(b('https://b.example/', ',,')).toBe(false);
  });
});

describe('what is shown', () => {
  it('never shows proxy credentials', () => {
    expect(displayProxy('http://alice:s3cret@proxy.corp:3128')).toBe('http://proxy.corp:3128');
    const summary = proxySummary({ HTTPS_PROXY: 'http://alice:s3cret@proxy.corp:3128', NO_PROXY: '.corp' }, false);
    expect(summary).toBe(
      'HTTPS_PROXY http://proxy.corp:3128; NO_PROXY .corp (from the environment; loopback is never proxied)',
    );
  });
  it('says when https servers go direct because only HTTP_PROXY is set, and when the OS decides', () => {
    expect(proxySummary({ HTTP_PROXY: P }, false)).toContain('HTTPS_PROXY not set: https:// servers go direct');
    expect(proxySummary({}, true)).toContain('the OS proxy settings');
    expect(proxySummary({}, false)).toContain('none: connections go direct');
  });
});
