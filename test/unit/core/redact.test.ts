// The last line of defence for text a user may paste somewhere: every credential shape is masked,
// and the text around it is left as it was.
import { describe, expect, it } from 'vitest';
import { redact } from '../../../local-gateway/core/redact.js';

describe('redact', () => {
  it('masks local tokens and JWTs, and leaves the surrounding text alone', () => {
    expect(redact('x mcpc_abcdefghijk y')).toBe('x [redacted] y');
    expect(redact('t=eyJhbGciOiJI.eyJzdWIiOiIx.c2lnbmF0dXJl end')).toBe('t=[redacted] end');
  });

  it('keeps the scheme of a Bearer or Basic credential', () => {
    expect(redact('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: Bearer [redacted]');
    expect(redact('basic dXNlcjpwYXNzd29yZA==')).toBe('basic [redacted]');
  });

  it('keeps the name and separator of a secret-named field', () => {
    expect(redact('api_key=abcdefgh&x=1')).toBe('api_key=[redacted]&x=1');
    expect(redact('{"refresh_token": "r-123456789"}')).toBe('{"refresh_token": "[redacted]"}');
  });
});
