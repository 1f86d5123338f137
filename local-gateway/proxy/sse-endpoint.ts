// Legacy HTTP+SSE (spec §C.3): the upstream's first `endpoint` event names the URL for POSTs. The
// IDE must POST to the companion instead, so that one event is rewritten; everything before it is
// passed through unchanged and everything after it is piped raw, unparsed.
import type { IncomingMessage } from 'node:http';

export type EndpointScan =
  | { state: 'need_more' }
  /** `head`: the bytes up to and including the rewritten event; `rest`: what followed it. */
  | { state: 'found'; head: Buffer; rest: Buffer }
  | { state: 'rejected'; reason: string };

// End of an event = a line terminator followed by an empty line. A lone `\r` only counts as a
// terminator when it is not the first half of `\r\n`.
const EVENT_END = /(?:\r\n|\n|\r(?!\n))(?:\r\n|\n|\r)/g;
const LINE = /\r\n|\n|\r/;
const DEFAULT_LIMIT = 64 * 1024;

export class EndpointRewriter {
  private pending: Buffer = Buffer.alloc(0);
  private scanned = 0;

  /** `rewrite` maps the announced endpoint to the local one, or returns a reason string to refuse. */
  constructor(
    private readonly rewrite: (data: string) => { url: string } | { reason: string },
    private readonly limit = DEFAULT_LIMIT,
  ) {}

  push(chunk: Buffer): EndpointScan {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    // latin1 maps bytes 1:1 to chars, so string indices are byte offsets.
    const text = this.pending.toString('latin1');
    EVENT_END.lastIndex = this.scanned;
    for (let m = EVENT_END.exec(text); m; m = EVENT_END.exec(text)) {
      const start = this.scanned;
      const end = m.index + m[0].length;
      this.scanned = end;
      const block = this.pending.toString('utf8', start, m.index);
      const rewritten = this.rewriteBlock(block);
      if (rewritten === undefined) continue;
      if ('reason' in rewritten) return { state: 'rejected', reason: rewritten.reason };
      return {
        state: 'found',
        head: Buffer.concat([this.pending.subarray(0, start), Buffer.from(rewritten.text, 'utf8')]),
        rest: this.pending.subarray(end),
      };
    }
    if (this.pending.length > this.limit) {
      return { state: 'rejected', reason: 'no endpoint event at the start of the stream' };
    }
    return { state: 'need_more' };
  }

  /** undefined when the block is not an endpoint event (it then passes through untouched). */
  private rewriteBlock(block: string): { text: string } | { reason: string } | undefined {
    const lines = block.split(LINE);
    let event = 'message';
    const data: string[] = [];
    for (const line of lines) {
      const [field, value] = splitField(line);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (event !== 'endpoint') return undefined;
    if (data.length === 0) return { reason: 'empty endpoint event' };
    const target = this.rewrite(data.join('\n'));
    if ('reason' in target) return target;
    const out: string[] = [];
    let dataWritten = false;
    for (const line of lines) {
      if (splitField(line)[0] !== 'data') out.push(line);
      else if (!dataWritten) {
        out.push(`data: ${target.url}`);
        dataWritten = true;
      }
    }
    return { text: out.join('\n') + '\n\n' };
  }
}

function splitField(line: string): [string, string] {
  const i = line.indexOf(':');
  if (i === 0) return ['', line]; // comment
  if (i < 0) return [line, ''];
  const value = line.charCodeAt(i + 1) === 32 ? line.slice(i + 2) : line.slice(i + 1);
  return [line.slice(0, i), value];
}

/**
 * Reads `ures` until the endpoint event has been rewritten, then hands over to `start` (which
 * pipes the remainder raw). Nothing reaches the client before that, so a bad endpoint can still
 * be answered with a clean 502 via `refuse`.
 */
export function relayLegacyStream(
  ures: IncomingMessage,
  rewrite: ConstructorParameters<typeof EndpointRewriter>[0],
  on: { start(head: Buffer, rest: Buffer): void; refuse(reason: string): void },
): void {
  const rewriter = new EndpointRewriter(rewrite);
  const stop = (): void => {
    ures.off('data', onData);
    ures.off('end', onEnd);
  };
  const onEnd = (): void => {
    stop();
    on.refuse('stream ended before the endpoint event');
  };
  const onData = (chunk: Buffer): void => {
    const scan = rewriter.push(chunk);
    if (scan.state === 'need_more') return;
    stop();
    if (scan.state === 'rejected') on.refuse(scan.reason);
    else on.start(scan.head, scan.rest);
  };
  ures.on('data', onData);
  ures.on('end', onEnd);
}
