// The one module the gateway loads on demand. express and its dependencies cost `serve` about
// 150 ms of CPU at start (a third of it, measured with process.cpuUsage), and MCP traffic never
// goes through express (app.ts hands it straight to the proxy). So express is loaded with the
// first other request: the OAuth callback, the admin API or the dashboard.
import type { default as Express } from 'express';

export async function loadExpress(): Promise<typeof Express> {
  return (await import('express')).default;
}
