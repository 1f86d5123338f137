// Clients with no file the companion can edit are listed with the reason and the manual steps,
// and route/reset refuse their ids with that reason instead of "unknown client".

import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../../../local-gateway/api/contract.js';
import { formatUnsupported } from '../../../local-gateway/clients/format.js';
import { CLIENT_IDS } from '../../../local-gateway/clients/types.js';
import { UNSUPPORTED_CLIENTS, findUnsupported } from '../../../local-gateway/clients/unsupported.js';

describe('unsupported clients', () => {
  it('are never also supported, and each says why, what to do and where that comes from', () => {
    for (const u of UNSUPPORTED_CLIENTS) {
      expect((CLIENT_IDS as readonly string[]).includes(u.id), u.id).toBe(false);
      expect(u.why.length).toBeGreaterThan(20);
      expect(u.manualSteps.join(' ')).toContain('mcp-companion connect');
      expect(u.sources.every((s) => s.startsWith('https://'))).toBe(true);
    }
    expect(findUnsupported('JetBrains-AI')?.name).toBe('JetBrains AI Assistant');
  });

  it('print as a section of `clients` with numbered steps', () => {
    const text = formatUnsupported(UNSUPPORTED_CLIENTS);
    expect(text).toContain('Not supported (no file-based MCP config)');
    expect(text).toMatch(/^JetBrains AI Assistant \(jetbrains-ai\): /m);
    expect(text).toMatch(/^ {2}1\. .*mcp-companion connect <server> --as jetbrains-ai/m);
  });

  it('route/reset of such an id fails with the reason, not "unknown client"', () => {
    const r = requestSchemas['clients.route'].safeParse({ client: 'jetbrains-ai' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(
      /^JetBrains AI Assistant cannot be routed or reset: .*mcp-companion clients/,
    );
    const unknown = requestSchemas['clients.reset'].safeParse({ client: 'nope' });
    expect(unknown.error?.issues[0]?.message).toContain('unknown client "nope"; known clients: cursor');
  });
});
