// Access tokens are HS256 JWTs (jose). `expireAll()` bumps a generation number carried in
// every token so all earlier tokens die at once without keeping a list of them.
import { randomBytes, randomUUID, webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export interface AccessTokenClaims {
  issuer: string;
  audience: string;
  sub: string;
  clientId: string;
  scope: string;
}

export type VerifyResult = { ok: true; clientId: string; scope: string; sub: string } | { ok: false; reason: string };

export class AccessTokens {
  // Imported once: handing jose raw bytes would re-import the HMAC key on every call.
  private readonly key = webcrypto.subtle.importKey(
    'raw',
    new Uint8Array(randomBytes(32)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  private generation = 0;

  constructor(private readonly ttlSec: number) {}

  get expiresIn(): number {
    return this.ttlSec;
  }

  async sign(c: AccessTokenClaims): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ client_id: c.clientId, scope: c.scope, gen: this.generation })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer(c.issuer)
      .setAudience(c.audience)
      .setSubject(c.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSec)
      .setJti(randomUUID())
      .sign(await this.key);
  }

  async verify(token: string, issuer: string, audience: string): Promise<VerifyResult> {
    try {
      const { payload } = await jwtVerify(token, await this.key, { issuer, audience, algorithms: ['HS256'] });
      if (payload.gen !== this.generation) return { ok: false, reason: 'The access token was revoked' };
      if (typeof payload.client_id !== 'string' || typeof payload.scope !== 'string' || !payload.sub) {
        return { ok: false, reason: 'The access token is malformed' };
      }
      return { ok: true, clientId: payload.client_id, scope: payload.scope, sub: payload.sub };
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code === 'ERR_JWT_EXPIRED') return { ok: false, reason: 'The access token expired' };
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
        return { ok: false, reason: 'The access token is for another resource' };
      return { ok: false, reason: 'The access token is invalid' };
    }
  }

  expireAll(): void {
    this.generation += 1;
  }
}
