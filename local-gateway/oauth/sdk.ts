// The MCP SDK's OAuth building blocks, loaded on first use: a gateway that already holds tokens
// proxies without ever paying for them (and `serve` starts faster).
export const sdkAuth = () => import('@modelcontextprotocol/sdk/client/auth.js');
export const sdkErrors = () => import('@modelcontextprotocol/sdk/server/auth/errors.js');
