// MCP_COMPANION_TOKEN as `route` writes it (bare) or as copied from `connect` ("Bearer …").
import { describe, expect, it } from 'vitest';
import { bridgeToken } from '../../../local-gateway/cli/bridge-token.js';

describe('bridgeToken', () => {
  it('takes the token with or without "Bearer " (any case, any spacing)', () => {
    for (const raw of ['mcpc_abc', 'Bearer mcpc_abc', 'bearer  mcpc_abc', ' BEARER\tmcpc_abc \n'])
      expect(bridgeToken(raw), JSON.stringify(raw)).toBe('mcpc_abc');
  });

  it('finds no token in nothing, blanks or a bare "Bearer"', () => {
    for (const raw of [undefined, '', '  ', 'Bearer', 'Bearer ', ' bearer  '])
      expect(bridgeToken(raw), JSON.stringify(raw)).toBeUndefined();
  });
});
