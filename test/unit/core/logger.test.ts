// Log lines: JSON for machines, plain text for people, and never a JSON string as the message.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createLogger,
  eventLogger,
  eventMessage,
  logFormat,
  type LogFormat,
} from '../../../local-gateway/core/logger.js';

function capture(format: LogFormat): { logEvent: ReturnType<typeof eventLogger>; lines: () => string[] } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => {
    text += d.toString();
  });
  const log = createLogger('debug', out, format);
  return { logEvent: eventLogger(log), lines: () => text.split('\n').filter((l) => l !== '') };
}

describe('log format', () => {
  it('is human only on a terminal that did not ask for JSON', () => {
    expect(logFormat({ isTTY: true })).toBe('pretty');
    expect(logFormat({ isTTY: true, jsonLogs: true })).toBe('json');
    expect(logFormat({ isTTY: false })).toBe('json');
    expect(logFormat({ isTTY: undefined, jsonLogs: false })).toBe('json');
  });
});

describe('event log lines', () => {
  const detail = { error: 'token endpoint said 400', status: 400, rotated: false, scope: ['a', 'b'], nested: { x: 1 } };

  it('says what happened in plain text', () => {
    expect(eventMessage('login.failed', 'linear', detail)).toBe(
      'login.failed linear: error="token endpoint said 400" status=400 rotated=false scope=a,b nested.x=1',
    );
    expect(eventMessage('server.added', 'github', {})).toBe('server.added github');
    expect(eventMessage('port.changed', undefined, { from: 1, to: 2 })).toBe('port.changed: from=1 to=2');
  });

  it('as JSON: one object per line, a plain-text msg, the detail as fields, secrets redacted', () => {
    const c = capture('json');
    c.logEvent('login.failed', 'linear', detail);
    c.logEvent('login.completed', 'linear', { note: 'got refresh_token=abcdefghijklmnop' });
    c.logEvent('proxy.request', 'linear', { method: 'POST', status: 200 });
    const objs = c.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs).toHaveLength(3);
    expect(objs[0]).toMatchObject({
      level: 40,
      event: 'login.failed',
      server: 'linear',
      detail,
      msg: 'login.failed linear: error="token endpoint said 400" status=400 rotated=false scope=a,b nested.x=1',
    });
    for (const o of objs) expect(String(o.msg)).not.toMatch(/^[{[]/);
    expect(objs[1]).toMatchObject({ level: 30, detail: { note: 'got refresh_token=[redacted]' } });
    expect(c.lines().join('\n')).not.toContain('abcdefghijklmnop');
    expect(objs[2]).toMatchObject({
      level: 20,
      event: 'proxy.request',
      msg: 'proxy.request linear: method=POST status=200',
    });
  });

  it('for people: one readable line per event, no JSON', () => {
    const c = capture('pretty');
    c.logEvent('login.failed', 'linear', detail);
    c.logEvent('server.added', 'github', {});
    const lines = c.lines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: login\.failed linear: error="token endpoint said 400" status=400/,
    );
    expect(lines[1]).toMatch(/INFO: server\.added github$/);
    for (const l of lines) expect(l).not.toContain('{');
  });
});
