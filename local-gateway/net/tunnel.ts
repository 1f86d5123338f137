// A CONNECT tunnel through an HTTP(S) proxy to host:port, upgraded to TLS for https targets.
// https-proxy-agent speaks CONNECT (with the credentials of the proxy URL, as Basic
// Proxy-Authorization); a proxy that answers anything but 200 becomes an error here instead
// of a response the gateway would pass on as the upstream's.
import { EventEmitter } from 'node:events';
import type http from 'node:http';
import net from 'node:net';
import type tls from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';

export class ProxyStatusError extends Error {
  readonly code = 'EPROXYSTATUS';
  constructor(readonly status: number) {
    super(`the proxy answered CONNECT with HTTP ${status}`);
  }
}

export interface TunnelTarget {
  host: string;
  port: number;
  secure: boolean;
  /** TLS options for the proxy (https:// proxies) and the target alike. */
  tls: tls.ConnectionOptions;
}

export async function openTunnel(proxy: string, target: TunnelTarget): Promise<net.Socket> {
  const agent = new HttpsProxyAgent(proxy, target.tls);
  // connect() reports the CONNECT answer on the request it is given, and resumes the tunnel when
  // the request gets its socket: a stand-in request carries both.
  const req = new EventEmitter() as unknown as http.ClientRequest;
  let status = 0;
  req.once('proxyConnect', (c: { statusCode: number }) => {
    status = c.statusCode;
  });
  const socket = (await agent.connect(req, {
    ...target.tls,
    host: target.host,
    port: target.port,
    servername: net.isIP(target.host) ? undefined : target.host,
    secureEndpoint: target.secure,
  })) as net.Socket;
  if (status !== 200) {
    socket.destroy();
    throw new ProxyStatusError(status);
  }
  req.emit('socket', socket);
  return socket;
}
