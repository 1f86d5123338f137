// Junie (JetBrains' coding agent, in the IDEs and its CLI): `~/.junie/mcp/mcp.json` (user; the
// file Settings → Tools → Junie → MCP Settings saves) and `<project>/.junie/mcp/mcp.json`
// (project), key `mcpServers`, stdio entries (`command`, `args`, `env`) [official-doc
// jetbrains.com/help/junie/model-context-protocol-mcp.html: "supports only ... stdio"; the paths:
// vendor doc vaadin.com/docs/next/agentic-development/mcp/supported-tools/junie]. Like Claude
// Desktop it gets the stdio bridge, which also makes `url` entries work (newer builds reportedly
// read `url`/`headers` too [3rd-party]; the bridge works either way). No MCP OAuth state of its
// own; mcp-remote's cache is reset when entries use it.

import { joinFor } from '../platform-paths.js';
import { defineAdapter } from '../adapter-kit.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';

export const junieAdapter = defineAdapter({
  id: 'junie',
  displayName: 'Junie',
  httpCapable: false,
  // Junie runs inside a JetBrains IDE or as the `junie` CLI [inferred].
  processNames: ['junie', 'idea', 'pycharm', 'webstorm', 'goland', 'phpstorm', 'rider', 'clion', 'rubymine'],
  urlFields: ['url', 'serverUrl'],
  installMarkers: (ctx) => [joinFor(ctx.platform, ctx.home, '.junie')],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, ctx.home, '.junie', 'mcp', 'mcp.json'), format: 'json', scope: 'user' },
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.junie', 'mcp', 'mcp.json'),
      format: 'json' as const,
      scope: 'project' as const,
    })),
  ],
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  afterChange: (running) =>
    running
      ? "Junie reads its MCP config when a task starts: in the IDE open Settings → Tools → Junie → MCP Settings and check the servers' status, or restart the IDE."
      : 'Start the IDE (or `junie`); it reads the MCP config when a task starts.',
});
