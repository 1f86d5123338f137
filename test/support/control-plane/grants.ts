// Short-lived authorization state: codes (single use, 60 s), refresh tokens (rotated), the
// `state` values of completed authorizations (a replay gets "Invalid state", as TF148 shows),
// and consent transactions waiting for the user's click.
import { createHash, randomBytes } from 'node:crypto';

const CODE_TTL_MS = 60_000;
const CONSENT_TTL_MS = 10 * 60_000;

export interface AuthorizationRequest {
  server: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  resource: string;
  scope: string;
  state: string;
}

interface CodeRecord extends AuthorizationRequest {
  expiresAt: number;
  used: boolean;
}

export interface RefreshRecord {
  server: string;
  clientId: string;
  scope: string;
  sub: string;
  alive: boolean;
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export class Grants {
  private readonly codes = new Map<string, CodeRecord>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly usedStates = new Set<string>();
  private readonly consents = new Map<string, { req: AuthorizationRequest; expiresAt: number }>();

  isStateUsed(state: string): boolean {
    return this.usedStates.has(state);
  }

  /** Completing an authorization (approve or deny) burns its state. */
  completeState(state: string): void {
    this.usedStates.add(state);
  }

  issueCode(req: AuthorizationRequest): string {
    this.sweep();
    const code = newSecret();
    this.codes.set(code, { ...req, expiresAt: Date.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /** Returns the code's request once; a second redemption (or an expired code) gets undefined. */
  redeemCode(code: string): AuthorizationRequest | undefined {
    const rec = this.codes.get(code);
    if (!rec || rec.used || rec.expiresAt < Date.now()) return undefined;
    rec.used = true;
    return rec;
  }

  issueRefresh(rec: Omit<RefreshRecord, 'alive'>): string {
    const token = newSecret();
    this.refreshTokens.set(token, { ...rec, alive: true });
    return token;
  }

  refresh(token: string): RefreshRecord | undefined {
    return this.refreshTokens.get(token);
  }

  openConsent(req: AuthorizationRequest): string {
    const txn = newSecret();
    this.consents.set(txn, { req, expiresAt: Date.now() + CONSENT_TTL_MS });
    return txn;
  }

  /** A consent transaction is single use too. */
  takeConsent(txn: string): AuthorizationRequest | undefined {
    const entry = this.consents.get(txn);
    this.consents.delete(txn);
    return entry && entry.expiresAt >= Date.now() ? entry.req : undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [code, rec] of this.codes) if (rec.expiresAt < now - CODE_TTL_MS) this.codes.delete(code);
    for (const [txn, c] of this.consents) if (c.expiresAt < now) this.consents.delete(txn);
  }
}
