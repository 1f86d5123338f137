import { describe, expect, it } from 'vitest';
import { sniffRpcMethod } from '../../../local-gateway/proxy/body.js';
import { clientResponseHeaders, upstreamRequestHeaders } from '../../../local-gateway/proxy/headers.js';
import { EndpointRewriter } from '../../../local-gateway/proxy/sse-endpoint.js';
import { withQuery } from '../../../local-gateway/proxy/upstreams.js';

const toLocal = (d: string) =>
  d.startsWith('http://evil')
    ? { reason: 'other origin' }
    : { url: `http://127.0.0.1:1/servers/x/messages?u=${encodeURIComponent(d)}` };

function feed(chunks: string[]) {
  const rw = new EndpointRewriter(toLocal, 256);
  for (const c of chunks) {
    const r = rw.push(Buffer.from(c));
    if (r.state !== 'need_more') return r;
  }
  return { state: 'need_more' as const };
}

describe('legacy SSE endpoint rewriting', () => {
  it('rewrites the endpoint event even when split across chunks and keeps earlier events and the rest intact', () => {
    const r = feed([': hello\n\nevent: endp', 'oint\r\ndata: /m?sessionId=1\r', '\n\r\nevent: message\ndata: {}\n\n']);
    expect(r.state).toBe('found');
    if (r.state !== 'found') return;
    expect(r.head.toString()).toBe(
      ': hello\n\nevent: endpoint\ndata: http://127.0.0.1:1/servers/x/messages?u=%2Fm%3FsessionId%3D1\n\n',
    );
    expect(r.rest.toString()).toBe('event: message\ndata: {}\n\n');
  });

  it('refuses another origin, and a stream without an endpoint event within the limit', () => {
    expect(feed(['event: endpoint\ndata: http://evil/x\n\n'])).toEqual({ state: 'rejected', reason: 'other origin' });
    expect(feed(['data: x\n\n'.repeat(40)]).state).toBe('rejected');
    expect(feed(['event: endpoint\ndata: /m']).state).toBe('need_more');
  });
});

describe('header rules', () => {
  it('forwards only the allow-list, mcp-* and stored headers, with the upstream bearer last', () => {
    const h = upstreamRequestHeaders(
      { authorization: 'Bearer local', accept: 'application/json', 'mcp-session-id': 's' },
      { 'X-Api-Key': 'k' },
      'upstream',
      3,
      'up.example',
    );
    expect(h).toEqual([
      'host',
      'up.example',
      'x-api-key',
      'k',
      'accept',
      'application/json',
      'mcp-session-id',
      's',
      'content-length',
      '3',
      'authorization',
      'Bearer upstream',
    ]);
  });

  it("sends a stored Authorization (the user's PAT) as is, never replaced by a bearer; '' sends no bearer", () => {
    expect(upstreamRequestHeaders({ authorization: 'Bearer local' }, {}, '', undefined, 'h')).toEqual(['host', 'h']);
    expect(upstreamRequestHeaders({}, { Authorization: 'Bearer pat' }, 'oauth-token', undefined, 'h')).toEqual([
      'host',
      'h',
      'authorization',
      'Bearer pat',
    ]);
  });

  it("drops hop-by-hop stored headers and lets stored headers win over the IDE's", () => {
    const h = upstreamRequestHeaders(
      {
        authorization: 'Bearer local',
        cookie: 'c=1',
        host: '127.0.0.1:1',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 's',
        'mcp-method': 'tools/call',
        'last-event-id': '7',
        connection: 'keep-alive',
        'accept-encoding': 'gzip',
      },
      { 'X-Api-Key': 'k', Authorization: 'Bearer stored', Connection: 'close', 'Mcp-Method': 'stored-wins' },
      'upstream',
      3,
      'up.example:8443',
    );
    expect(h).toEqual([
      'host',
      'up.example:8443',
      'x-api-key',
      'k',
      'authorization',
      'Bearer stored',
      'mcp-method',
      'stored-wins',
      'accept',
      'application/json, text/event-stream',
      'mcp-session-id',
      's',
      'last-event-id',
      '7',
      'content-length',
      '3',
    ]);
  });

  it('sends every value of a repeated header, and nothing for a request without a body length', () => {
    const h = upstreamRequestHeaders({ 'mcp-x': ['1', '2'] as unknown as string }, {}, 't', undefined, '[::1]:9');
    expect(h).toEqual(['host', '[::1]:9', 'mcp-x', '1', 'mcp-x', '2', 'authorization', 'Bearer t']);
  });

  it('drops hop-by-hop and www-authenticate response headers, keeps the rest in order', () => {
    const { raw, contentType } = clientResponseHeaders(
      [
        'Content-Type',
        'text/event-stream',
        'Transfer-Encoding',
        'chunked',
        'WWW-Authenticate',
        'Bearer',
        'Mcp-Session-Id',
        'abc',
        'Proxy-Foo',
        '1',
        'Set-Cookie',
        'a=1',
        'Set-Cookie',
        'b=2',
        'Content-Length',
        '9',
      ],
      true,
    );
    expect(raw).toEqual([
      'Content-Type',
      'text/event-stream',
      'Mcp-Session-Id',
      'abc',
      'Set-Cookie',
      'a=1',
      'Set-Cookie',
      'b=2',
    ]);
    expect(contentType).toBe('text/event-stream');
  });
});

describe('small helpers', () => {
  it('appends the client query to the target path', () => {
    expect(withQuery('/mcp', '/servers/a/mcp')).toBe('/mcp');
    expect(withQuery('/mcp', '/servers/a/mcp?x=1')).toBe('/mcp?x=1');
    expect(withQuery('/mcp?t=2', '/servers/a/mcp?x=1')).toBe('/mcp?t=2&x=1');
  });

  it('sniffs the JSON-RPC method from the first bytes only', () => {
    expect(sniffRpcMethod(Buffer.from('{"method":"tools/call","params":{"a":1},"jsonrpc":"2.0","id":1}'))).toBe(
      'tools/call',
    );
    expect(sniffRpcMethod(Buffer.from(`{"params":{"x":"${'y'.repeat(600)}"},"method":"late"}`))).toBeUndefined();
    expect(sniffRpcMethod(undefined)).toBeUndefined();
  });
});
