// Structured logs (pino) to stderr. Every string that reaches a log line goes through redact():
// events are already free of secret values, this is the belt to their braces.
import pino, { type Logger } from 'pino';
import { redact } from './redact.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'silent';

export function createLogger(level: LogLevel, destination: number | NodeJS.WritableStream = 2): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['*.authorization', '*.Authorization', '*.token', '*.accessToken', '*.refreshToken', '*.clientSecret'], censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          return method.apply(this, args.map((a) => (typeof a === 'string' ? redact(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination,
  );
}

/** Activity events as log lines: proxied requests at debug, everything else at info. */
export function eventLogger(log: Logger): (type: string, server: string | undefined, detail: Record<string, unknown>) => void {
  return (type, server, detail) => {
    // Proxied requests arrive in bursts: format them only when debug logging is on.
    if (type === 'proxy.request') {
      if (log.isLevelEnabled('debug')) log.debug({ event: type, server }, redact(JSON.stringify(detail)));
      return;
    }
    const line = redact(JSON.stringify(detail));
    if (type.endsWith('.failed') || type.endsWith('.dropped') || type.endsWith('.stale')) log.warn({ event: type, server }, line);
    else log.info({ event: type, server }, line);
  };
}
