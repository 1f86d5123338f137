// The bridge's local token, from MCP_COMPANION_TOKEN. Its own tiny module: both the `bridge`
// command and the bundled relay (bin/'s fast path, which skips the command) read it.

export const MISSING_BRIDGE_TOKEN =
  'MCP_COMPANION_TOKEN is not set (or holds no token). Run `mcp-companion route <client>` to configure this client, or `mcp-companion connect <name>` for a token.';

/**
 * The bare token: as `route` writes it, or as copied from `connect`'s header ("Bearer mcpc_…"),
 * which the gateway would otherwise receive as "Bearer Bearer …" and refuse as missing.
 */
export function bridgeToken(raw: string | undefined): string | undefined {
  return raw?.replace(/^\s*bearer(\s+|$)/i, '').trim() || undefined;
}
