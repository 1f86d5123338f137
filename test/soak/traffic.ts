// Compressed traffic: many proxied tool calls from several IDE sessions while access tokens
// expire every couple of seconds. Every call must succeed; memory and handles must stay flat.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHarness } from '../support/companion-harness.js';

export interface SoakResult {
  calls: number;
  errors: number;
  refreshes: number;
  registrations: number;
  seconds: number;
  rssStartMb: number;
  rssEndMb: number;
  handlesStart: number;
  handlesEnd: number;
}

const handles = () => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
const rssMb = () => Math.round(process.memoryUsage().rss / 1e5) / 10;

export async function soakTraffic(calls: number, sessions = 16, tokenTtlSec = 2): Promise<SoakResult> {
  const h = await startHarness({ cp: { accessTokenTtlSec: tokenTtlSec } });
  try {
    const clients = await Promise.all(Array.from({ length: sessions }, (_, i) => h.connect('linear', `soak-${i}`)));
    let done = 0;
    let errors = 0;
    const warm = Math.min(500, Math.floor(calls / 10));
    let rssStart = 0;
    let handlesStart = 0;
    const started = Date.now();
    await Promise.all(clients.map(async (client, i) => {
      for (;;) {
        const n = done++;
        if (n >= calls) return;
        if (n === warm) {
          global.gc?.();
          rssStart = rssMb();
          handlesStart = handles();
        }
        try {
          const r = (await client.callTool({ name: 'echo', arguments: { text: `${i}:${n}` } })) as CallToolResult;
          if ((r.content[0] as { text: string }).text !== `${i}:${n}`) errors++;
        } catch {
          errors++;
        }
      }
    }));
    const seconds = (Date.now() - started) / 1000;
    global.gc?.();
    return {
      calls, errors, seconds,
      refreshes: h.cp.stats.refreshes,
      registrations: h.cp.stats.registrations,
      rssStartMb: rssStart, rssEndMb: rssMb(),
      handlesStart, handlesEnd: handles(),
    };
  } finally {
    await h.close();
  }
}
