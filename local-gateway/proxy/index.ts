export { createProxy } from './proxy.js';
export { jsonRpcError } from './json-rpc-error.js';
export type { Proxy, ProxyEvent, ProxyKind, TokenSource, UpstreamTarget } from './types.js';
