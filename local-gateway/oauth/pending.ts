// Pending browser logins, keyed by a fresh random `state`. Each state is single-use and expires
// after ten minutes; used and expired states are remembered (without secrets) so that a late or
// replayed callback can be explained and the login restarted instead of replayed.
import { randomBytes } from 'node:crypto';

export const STATE_TTL_MS = 10 * 60_000;

export interface PendingAttempt {
  state: string;
  server: string;
  issuer: string;
  clientId: string;
  registrationId: number;
  redirectUri: string;
  resource: string;
  codeVerifier: string;
  issRequired: boolean;
  expiresAt: number;
  settle(outcome: CallbackOutcome): void;
}

export type CallbackOutcome =
  { ok: true; code: string; iss?: string } | { ok: false; error: string; description?: string };

export type Claim =
  { kind: 'pending'; attempt: PendingAttempt } | { kind: 'used' | 'expired'; server: string } | { kind: 'unknown' };

export class PendingLogins {
  private readonly live = new Map<string, PendingAttempt>();
  private readonly spent = new Map<string, { server: string; at: number }>();

  constructor(private readonly now: () => number) {}

  static newState(): string {
    return randomBytes(24).toString('base64url');
  }

  add(attempt: PendingAttempt): void {
    this.sweep();
    this.live.set(attempt.state, attempt);
    // Also end it when nobody asks again: an abandoned tab must not hold the login forever.
    setTimeout(() => this.sweep(), Math.max(0, attempt.expiresAt - this.now()) + 50).unref();
  }

  /** Takes the attempt for `state` out of the table: a state can be claimed once. */
  claim(state: string): Claim {
    this.sweep();
    const attempt = this.live.get(state);
    if (attempt) {
      this.live.delete(state);
      this.spent.set(state, { server: attempt.server, at: this.now() });
      return { kind: 'pending', attempt };
    }
    const spent = this.spent.get(state);
    return spent ? { kind: 'used', server: spent.server } : { kind: 'unknown' };
  }

  /** Withdraws a live attempt (timeout, cancellation) so a late callback is recognised as expired. */
  cancel(state: string): void {
    const attempt = this.live.get(state);
    if (!attempt) return;
    this.live.delete(state);
    this.spent.set(state, { server: attempt.server, at: this.now() });
  }

  pendingFor(server: string): PendingAttempt | undefined {
    for (const a of this.live.values()) if (a.server === server) return a;
    return undefined;
  }

  /** Settles attempts past their TTL (a sign-in nobody finished must not block new ones). */
  sweep(): void {
    const now = this.now();
    for (const [state, a] of this.live) {
      if (a.expiresAt <= now) {
        this.live.delete(state);
        this.spent.set(state, { server: a.server, at: now });
        a.settle({ ok: false, error: 'expired', description: 'The sign-in was not completed within 10 minutes.' });
      }
    }
    for (const [state, s] of this.spent) if (now - s.at > 2 * STATE_TTL_MS) this.spent.delete(state);
  }
}
