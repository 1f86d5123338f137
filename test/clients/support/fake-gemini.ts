// A stand-in for the Gemini API (generateContent / streamGenerateContent) on loopback, so a real
// Gemini CLI session (`gemini -p`, GOOGLE_GEMINI_BASE_URL pointed here) can call an MCP tool
// without an account. Script: when a function whose name the test picks is offered and no
// function response came back yet, call it; once a functionResponse arrives, record it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Part = { text?: string; functionCall?: unknown; functionResponse?: { name: string; response: unknown } };
type Schema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
};
type Body = {
  generationConfig?: { responseMimeType?: string; responseJsonSchema?: Schema; responseSchema?: Schema };
  contents?: Array<{ role: string; parts: Part[] }>;
  tools?: Array<{ functionDeclarations?: Array<{ name: string }> }>;
};

export interface FakeGemini {
  url: string;
  /** Picks the function to call among those offered (Gemini CLI decides how MCP tools are named). */
  want(pick: (offered: string[]) => string | undefined, args: Record<string, unknown>): void;
  lastToolsOffered: string[];
  results: Array<{ tool: string; response: string }>;
  close(): Promise<void>;
}

/** A value that satisfies a JSON schema (the CLI's own side requests: routing, next-speaker checks). */
function sample(schema: Schema | undefined): unknown {
  if (!schema) return {};
  if (schema.enum?.length) return schema.enum[schema.enum.length - 1];
  switch ((schema.type ?? 'object').toLowerCase()) {
    case 'string':
      return 'stand-in';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v)]));
  }
}

export async function startFakeGemini(): Promise<FakeGemini> {
  let wanted: { pick: (offered: string[]) => string | undefined; args: Record<string, unknown> } | undefined;
  const state: FakeGemini = {
    url: '',
    want: (pick, args) => {
      wanted = { pick, args };
    },
    lastToolsOffered: [],
    results: [],
    close: async () => {},
  };
  const answer = (body: Body): Part => {
    const offered = (body.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((f) => f.name));
    if (offered.length > 0) state.lastToolsOffered = offered;
    const last = body.contents?.[body.contents.length - 1];
    const fr = last?.parts.find((p) => p.functionResponse)?.functionResponse;
    if (fr) {
      state.results.push({ tool: fr.name, response: JSON.stringify(fr.response) });
      return { text: 'done' };
    }
    const json = body.generationConfig?.responseMimeType === 'application/json';
    if (json)
      return {
        text: JSON.stringify(
          sample(body.generationConfig?.responseJsonSchema ?? body.generationConfig?.responseSchema),
        ),
      };
    const name = wanted && offered.length > 0 ? wanted.pick(offered) : undefined;
    if (name && wanted) return { functionCall: { name, args: wanted.args } };
    return { text: 'ok' };
  };
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (d: Buffer) => {
      raw += d.toString();
    });
    req.on('end', () => {
      const url = req.url ?? '';
      if (req.method !== 'POST' || !/:(stream)?[gG]enerateContent|:countTokens/.test(url)) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"code":404,"message":"not here","status":"NOT_FOUND"}}');
        return;
      }
      if (url.includes(':countTokens')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"totalTokens":1}');
        return;
      }
      const chunk = {
        candidates: [
          {
            content: { role: 'model', parts: [answer(JSON.parse(raw || '{}') as Body)] },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
      };
      if (url.includes(':streamGenerateContent')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(chunk));
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
