// The plain consent page served when autoApprove is off: it says which client wants which
// server and offers Allow / Deny as a form POST (so browser tests can click through it).
import type { AuthorizationRequest } from './grants.js';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ConsentView {
  action: string;
  txn: string;
  tenant: string;
  clientName: string | undefined;
  req: AuthorizationRequest;
}

export function renderConsentPage(v: ConsentView): string {
  const who = v.clientName ? `${esc(v.clientName)} (${esc(v.req.clientId)})` : esc(v.req.clientId);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize access to ${esc(v.req.server)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;line-height:1.5}
dt{font-weight:600}button{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}</style></head>
<body><h1>Authorize access to ${esc(v.req.server)}</h1>
<p>The application <strong id="client">${who}</strong> wants to use the MCP server
<strong id="server">${esc(v.req.server)}</strong> of tenant <strong>${esc(v.tenant)}</strong> on your behalf.</p>
<dl><dt>Scopes</dt><dd id="scope">${esc(v.req.scope)}</dd>
<dt>You will be sent back to</dt><dd id="redirect">${esc(v.req.redirectUri)}</dd></dl>
<form method="post" action="${esc(v.action)}">
<input type="hidden" name="txn" value="${esc(v.txn)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`;
}
