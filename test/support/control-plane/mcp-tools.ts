// The MCP server behind every control-plane server: a handful of tools that exercise what a
// transparent proxy must carry — plain results, big bodies (blob) and streamed notifications
// on the request's SSE stream (ticks).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const MAX_BLOB_BYTES = 64 * 1024 * 1024;

function text(t: string) {
  return { content: [{ type: 'text' as const, text: t }] };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export function createMcpServer(serverName: string): McpServer {
  const mcp = new McpServer(
    { name: `control-plane-${serverName}`, version: '1.0.0' },
    { capabilities: { logging: {} } },
  );

  mcp.registerTool(
    'echo',
    {
      description: 'Returns the text it was given',
      inputSchema: { text: z.string() },
    },
    async ({ text: t }) => text(t),
  );

  mcp.registerTool(
    'admin_echo',
    {
      description: 'Echo that needs the mcp:admin scope (exercises step-up authorization)',
      inputSchema: { text: z.string() },
    },
    async ({ text: t }) => text(t),
  );

  mcp.registerTool(
    'add',
    {
      description: 'Adds two numbers',
      inputSchema: { a: z.number(), b: z.number() },
    },
    async ({ a, b }) => text(String(a + b)),
  );

  mcp.registerTool(
    'blob',
    {
      description: 'Returns a text result of exactly `bytes` bytes',
      inputSchema: { bytes: z.number().int().min(0).max(MAX_BLOB_BYTES) },
    },
    async ({ bytes }) => text('x'.repeat(bytes)),
  );

  mcp.registerTool(
    'ticks',
    {
      description: 'Sends `count` progress/logging notifications `delayMs` apart, then returns "done"',
      inputSchema: { count: z.number().int().min(0).max(10_000), delayMs: z.number().int().min(0).max(60_000) },
    },
    async ({ count, delayMs }, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (let i = 1; i <= count && !extra.signal.aborted; i++) {
        if (i > 1 && delayMs > 0) await sleep(delayMs, extra.signal);
        if (extra.signal.aborted) break;
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: i, total: count, message: `tick ${i}` },
          });
        }
        await extra.sendNotification({
          method: 'notifications/message',
          params: { level: 'info', logger: 'ticks', data: `tick ${i}/${count}` },
        });
      }
      return text('done');
    },
  );

  return mcp;
}
