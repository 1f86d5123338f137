// Structured logs (pino) to stderr: one JSON object per line for machines (piped, or
// `serve --json-logs`), human lines via pino-pretty on a terminal. Every string that reaches a
// log line goes through redact(): events are already free of secret values, this is the belt
// to their braces.
import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import { redact } from './redact.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'silent';
export type LogFormat = 'json' | 'pretty';

/** Human lines only for a person at a terminal; anything piped or asked for gets JSON. */
export function logFormat(opts: { jsonLogs?: boolean; isTTY?: boolean }): LogFormat {
  return opts.isTTY && !opts.jsonLogs ? 'pretty' : 'json';
}

export function createLogger(
  level: LogLevel,
  destination: number | NodeJS.WritableStream = 2,
  format: LogFormat = 'json',
): Logger {
  const options = {
    level,
    base: undefined,
    redact: {
      paths: ['*.authorization', '*.Authorization', '*.token', '*.accessToken', '*.refreshToken', '*.clientSecret'],
      censor: '[redacted]',
    },
    hooks: {
      logMethod(args: unknown[], method: (...a: unknown[]) => void) {
        return method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? redact(a) : a)),
        );
      },
    },
  } satisfies pino.LoggerOptions;
  if (format === 'pretty') return pino(options, prettyStream(destination));
  return pino(
    options,
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination,
  );
}

// pino-pretty in-process and synchronous (no transport worker), loaded only when it is used:
// a piped or JSON-logging companion never pays for it.
function prettyStream(destination: number | NodeJS.WritableStream): DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pretty.build({
    destination,
    sync: true,
    colorize: typeof destination === 'number',
    translateTime: 'SYS:HH:MM:ss.l',
    // The message already says what happened; the structured copy is for JSON readers.
    ignore: 'event,server,detail',
    singleLine: true,
  });
}

/** Activity events as log lines: proxied requests at debug, everything else at info. */
export function eventLogger(
  log: Logger,
): (type: string, server: string | undefined, detail: Record<string, unknown>) => void {
  return (type, server, detail) => {
    // Proxied requests arrive in bursts: format them only when debug logging is on.
    if (type === 'proxy.request') {
      if (log.isLevelEnabled('debug')) log.debug(eventFields(type, server, detail), eventMessage(type, server, detail));
      return;
    }
    const fields = eventFields(type, server, detail);
    const msg = eventMessage(type, server, detail);
    if (type.endsWith('.failed') || type.endsWith('.dropped') || type.endsWith('.stale')) log.warn(fields, msg);
    else log.info(fields, msg);
  };
}

function eventFields(
  type: string,
  server: string | undefined,
  detail: Record<string, unknown>,
): Record<string, unknown> {
  return { event: type, ...(server !== undefined ? { server } : {}), detail: redactValues(detail) };
}

/** Plain text for people: `login.failed linear: error="token endpoint said 400"`. */
export function eventMessage(type: string, server: string | undefined, detail: Record<string, unknown>): string {
  const pairs = flatten(detail).map(([k, v]) => `${k}=${/^[^\s="]*$/.test(v) && v !== '' ? v : JSON.stringify(v)}`);
  const head = server ? `${type} ${server}` : type;
  return redact(pairs.length > 0 ? `${head}: ${pairs.join(' ')}` : head);
}

function flatten(value: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(value)) {
    const key = prefix + k;
    if (v === undefined) continue;
    if (Array.isArray(v))
      out.push([key, v.map((x) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x))).join(',')]);
    else if (typeof v === 'object' && v !== null) out.push(...flatten(v as Record<string, unknown>, `${key}.`));
    else out.push([key, String(v)]);
  }
  return out;
}

function redactValues(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactValues);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValues(v)]));
  return value;
}
