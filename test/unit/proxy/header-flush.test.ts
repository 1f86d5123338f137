import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { FakeTokens, startProxy, startUpstream, target } from '../../support/proxy-fixtures.js';

describe('event-stream headers', () => {
  it('through the proxy, a slow SSE answer shows its headers long before its first event', async () => {
    const upstream = await startUpstream();
    const harness = await startProxy(
      { quiet: target('quiet', `${upstream.origin}/raw/quiet-stream`) },
      new FakeTokens(),
    );
    try {
      const t0 = performance.now();
      const { headersAt, bodyAt, body } = await new Promise<{ headersAt: number; bodyAt: number; body: string }>(
        (resolve, reject) => {
          const req = http.request(
            `${harness.base}/servers/quiet/mcp`,
            {
              method: 'POST',
              headers: { authorization: 'Bearer local', 'content-type': 'application/json' },
              agent: false,
            },
            (res) => {
              const headersAt = performance.now() - t0;
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (c: string) => {
                body += c;
              });
              res.on('end', () => resolve({ headersAt, bodyAt: performance.now() - t0, body }));
            },
          );
          req.on('error', reject);
          req.end('{"jsonrpc":"2.0","id":1,"method":"tools/call"}');
        },
      );
      expect(body).toContain('data: done');
      expect(bodyAt).toBeGreaterThanOrEqual(290);
      // Sent when the stream starts, not when its first event comes 300 ms later.
      expect(headersAt).toBeLessThan(200);
    } finally {
      await harness.close();
      await upstream.close();
    }
  });
});
