// A stand-in for the Anthropic Messages API on loopback, so a real Claude Code session
// (`claude -p`, ANTHROPIC_BASE_URL pointed here) can call an MCP tool without a model account.
// Script: when the request offers the wanted tool and holds no tool result yet, answer with a
// tool_use for it; once a tool_result comes back, record it and answer with its text.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Block = { type: string; text?: string; content?: unknown; tool_use_id?: string; is_error?: boolean };
type Msg = { role: string; content: string | Block[] };
type Body = { stream?: boolean; tools?: Array<{ name: string }>; messages?: Msg[] };

export interface FakeAnthropic {
  url: string;
  /** The tool the next session should call, with its arguments. */
  want(tool: string, input: Record<string, unknown>): void;
  /** Tool names offered to the model in the last request that offered any. */
  lastToolsOffered: string[];
  /** Tool results the session sent back, in order. */
  results: Array<{ tool: string; text: string; isError: boolean }>;
  close(): Promise<void>;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c: { text?: string }) => c.text ?? '').join('');
  return JSON.stringify(content);
}

function sse(res: ServerResponse, events: Array<Record<string, unknown>>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) res.write(`event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`);
  res.end();
}

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  let wanted: { tool: string; input: Record<string, unknown> } | undefined;
  const state: FakeAnthropic = {
    url: '',
    want: (tool, input) => {
      wanted = { tool, input };
    },
    lastToolsOffered: [],
    results: [],
    close: async () => {},
  };
  let n = 0;
  const reply = (body: Body, res: ServerResponse): void => {
    const tools = (body.tools ?? []).map((t) => t.name);
    if (tools.length > 0) state.lastToolsOffered = tools;
    const last = body.messages?.[body.messages.length - 1];
    const toolResult = Array.isArray(last?.content) ? last.content.find((b) => b.type === 'tool_result') : undefined;
    let block: Record<string, unknown>;
    let stop = 'end_turn';
    if (toolResult && wanted) {
      const text = textOf(toolResult.content);
      state.results.push({ tool: wanted.tool, text, isError: toolResult.is_error === true });
      block = { type: 'text', text: `tool said: ${text}` };
    } else if (wanted && tools.includes(wanted.tool)) {
      block = { type: 'tool_use', id: `toolu_${++n}`, name: wanted.tool, input: wanted.input };
      stop = 'tool_use';
    } else {
      block = { type: 'text', text: wanted ? `the tool ${wanted.tool} was not offered` : 'ok' };
    }
    const id = `msg_${++n}`;
    const usage = { input_tokens: 1, output_tokens: 1 };
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          type: 'message',
          role: 'assistant',
          model: 'claude-stand-in',
          content: [block],
          stop_reason: stop,
          stop_sequence: null,
          usage,
        }),
      );
      return;
    }
    const start = block.type === 'tool_use' ? { ...block, input: {} } : { type: 'text', text: '' };
    const delta =
      block.type === 'tool_use'
        ? { type: 'input_json_delta', partial_json: JSON.stringify(block.input) }
        : { type: 'text_delta', text: block.text };
    sse(res, [
      {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model: 'claude-stand-in',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage,
        },
      },
      { type: 'content_block_start', index: 0, content_block: start },
      { type: 'content_block_delta', index: 0, delta },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 1 } },
      { type: 'message_stop' },
    ]);
  };
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (d: Buffer) => {
      raw += d.toString();
    });
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'POST' && path === '/v1/messages') {
        reply(JSON.parse(raw || '{}') as Body, res);
      } else if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"input_tokens":1}');
      } else {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"type":"error","error":{"type":"not_found_error","message":"not here"}}');
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    });
  return state;
}
