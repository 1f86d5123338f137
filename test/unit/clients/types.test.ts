import { describe, expect, it } from 'vitest';
import { CLIENT_IDS, clientIdLines } from '../../../local-gateway/clients/types.js';

describe('clientIdLines (the client ids in --help pages)', () => {
  it('lists every id once, in order, on lines that fit a terminal', () => {
    const text = clientIdLines('  ', 96);
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(1); // 27 ids do not fit on one line
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(96);
      expect(line.startsWith('  ')).toBe(true);
    }
    expect(text.replace(/\s+/g, ' ').trim().split(', ')).toEqual([...CLIENT_IDS]);
  });
});
