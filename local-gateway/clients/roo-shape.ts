// The Roo Code entry shape (`mcpServers`), also read by Kilo Code from its extension-era files:
// remote `type:"streamable-http"|"sse"` (required with `url`), `url`, `headers`; stdio
// `command` (a string), `args`, `env`, `cwd`; both may carry `disabled`, `timeout`,
// `alwaysAllow`, `disabledTools`, `watchPaths` [source: RooCodeInc/Roo-Code src/services/mcp/McpHub.ts
// @cb836567 (3.52.1), npm @kilocode/cli@7.7.7 `kilocode.mcp-migrator`].

import { bearer } from './adapter-kit.js';
import { keptFields, type Obj } from './entry-shapes.js';

export function rooRoutedHttpEntry(original: Obj, local: { url: string; token: string; transport: string }): Obj {
  return {
    type: local.transport === 'sse' ? 'sse' : 'streamable-http',
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  };
}
