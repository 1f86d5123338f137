// Compressed traffic: many proxied tool calls from several IDE sessions while access tokens
// expire every couple of seconds. Every call must succeed; memory and handles must stay flat.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHarness } from './companion-harness.js';

export interface SoakResult {
  calls: number;
  errors: number;
  refreshes: number;
  registrations: number;
  seconds: number;
  /** RSS once warm (a quarter in) and at the end: allocator high-water, not just live data. */
  rssStartMb: number;
  rssEndMb: number;
  /** Live JS heap after a full GC, a quarter in and at the end: the leak signal. */
  heapStartMb: number;
  heapEndMb: number;
  handlesStart: number;
  handlesEnd: number;
}

const handles = () => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
const rssMb = () => Math.round(process.memoryUsage().rss / 1e5) / 10;
const heapMb = () => Math.round(process.memoryUsage().heapUsed / 1e5) / 10;

export async function soakTraffic(calls: number, sessions = 16, tokenTtlSec = 2): Promise<SoakResult> {
  const h = await startHarness({ cp: { accessTokenTtlSec: tokenTtlSec } });
  try {
    const clients = await Promise.all(Array.from({ length: sessions }, (_, i) => h.connect('linear', `soak-${i}`)));
    let done = 0;
    let errors = 0;
    const warm = Math.floor(calls / 4);
    let rssStart = 0;
    let heapStart = 0;
    let handlesStart = 0;
    const started = Date.now();
    await Promise.all(
      clients.map(async (client, i) => {
        for (;;) {
          const n = done++;
          if (n >= calls) return;
          if (n === warm) {
            global.gc?.();
            rssStart = rssMb();
            heapStart = heapMb();
            handlesStart = handles();
          }
          try {
            const r = (await client.callTool({ name: 'echo', arguments: { text: `${i}:${n}` } })) as CallToolResult;
            if ((r.content[0] as { text: string }).text !== `${i}:${n}`) errors++;
          } catch {
            errors++;
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    global.gc?.();
    return {
      calls,
      errors,
      seconds,
      refreshes: h.cp.stats.refreshes,
      registrations: h.cp.stats.registrations,
      rssStartMb: rssStart,
      rssEndMb: rssMb(),
      heapStartMb: heapStart,
      heapEndMb: heapMb(),
      handlesStart,
      handlesEnd: handles(),
    };
  } finally {
    await h.close();
  }
}
