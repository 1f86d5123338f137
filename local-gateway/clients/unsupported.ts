// Clients the companion cannot route or reset because they keep their MCP servers only behind
// a settings UI (no documented file). `clients` lists them with the reason and the steps to
// point them at the gateway by hand; `route`/`reset` refuse their ids with the same reason.
// A separate list, not adapters: nothing here can detect, edit or reset anything.

export interface UnsupportedClient {
  /** Lower-case id as a user would type it; never a ClientId. */
  id: string;
  name: string;
  why: string;
  /** What to do instead, using `mcp-companion connect` for the URL and header. */
  manualSteps: string[];
  sources: string[];
}

export const UNSUPPORTED_CLIENTS: readonly UnsupportedClient[] = [
  {
    id: 'jetbrains-ai',
    name: 'JetBrains AI Assistant',
    why: 'AI Assistant keeps its MCP servers in the IDE settings (Settings | Tools | AI Assistant | Model Context Protocol (MCP)), stored in the IDE\'s own options, not in a documented file; Junie, JetBrains\' agent, has a file and is supported as "junie".',
    manualSteps: [
      'For each server: `mcp-companion connect <server> --as jetbrains-ai` prints the local URL and the Authorization header.',
      'In the IDE: Settings | Tools | AI Assistant | Model Context Protocol (MCP) → Add (or edit the server) → As JSON: {"mcpServers": {"<server>": {"url": "<URL>", "headers": {"Authorization": "<header>"}}}} → OK → Apply.',
      'An IDE version whose MCP dialog only takes a command: Command `mcp-companion bridge <server>` (absolute path from `which mcp-companion`), environment variable MCP_COMPANION_TOKEN = the header value.',
    ],
    sources: [
      'https://www.jetbrains.com/help/ai-assistant/configure-an-mcp-server.html',
      'https://www.jetbrains.com/help/junie/model-context-protocol-mcp.html',
    ],
  },
];

export function findUnsupported(id: string): UnsupportedClient | undefined {
  return UNSUPPORTED_CLIENTS.find((u) => u.id === id.toLowerCase());
}
