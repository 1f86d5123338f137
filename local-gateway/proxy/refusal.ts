// The words for an upstream that refused a request sent with the user's own credential (or none):
// the IDE, the dashboard and `doctor` all show this one text. Header names only, never values.
import type { UpstreamTarget } from './types.js';

/** Is this WWW-Authenticate value (possibly several challenges) a Bearer challenge? */
export function isBearerChallenge(challenge: string | undefined): boolean {
  return challenge !== undefined && /(^|,)\s*bearer(\s|,|$)/i.test(challenge);
}

export function refusalMessage(target: UpstreamTarget, status: number): string {
  const name = target.name;
  const names = Object.keys(target.headers);
  const readd = `\`mcp-companion server remove ${name}\`, then \`mcp-companion server add ${name} <url> --header '<Name>: <value>'\` (or fix the entry in your IDE's config and route it again)`;
  if (target.ownAuthorization) {
    return `MCP server '${name}' refused the Authorization header configured for it (HTTP ${status}); the companion never replaces it with a sign-in of its own. Renew that token: ${readd}.`;
  }
  if (names.length > 0) {
    return `MCP server '${name}' refused the headers configured for it (${names.join(', ')}; HTTP ${status}) and offers no OAuth sign-in. Check the key: ${readd}.`;
  }
  return `MCP server '${name}' requires a credential (HTTP ${status}) but offers no OAuth sign-in. Add its API key or token: ${readd}.`;
}
