export { createProxy } from './proxy.js';
export { jsonRpcError } from './json-rpc-error.js';
export type { AuthLesson, Proxy, ProxyEvent, ProxyKind, ProxyOptions, TokenSource, UpstreamTarget } from './types.js';
