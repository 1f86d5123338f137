// What the exchange does with an upstream answer that is about credentials: a 401 (renew once,
// or refuse when the credential is the user's own or the server offers no OAuth), a 403
// insufficient_scope (step up once), and the first answer to a request sent without an OAuth
// token (it teaches the server's auth kind). Created only when an answer needs it, so a request
// that is simply answered allocates nothing here.
import type { IncomingHttpHeaders } from 'node:http';
import { isBearerChallenge, refusalMessage } from './refusal.js';
import type { TokenSource, UpstreamTarget } from './types.js';

export type AuthVerdict =
  /** Hand the answer to the IDE. */
  | { kind: 'pass' }
  /** Discard the answer and send the request again with this token. */
  | { kind: 'retry'; token: Promise<string> }
  /** Answer the IDE 401 with this message (no upstream challenge ever reaches it). */
  | { kind: 'refuse'; message: string };

export const PASS: AuthVerdict = { kind: 'pass' };

export interface AuthRetryOptions {
  target: UpstreamTarget;
  tokens: TokenSource;
  /** The exchange's abort signal (created on first need: most requests never wait). */
  signal: () => AbortSignal;
}

/** Does this answer need an AuthRetry (or teach an auth kind)? Cheap: no allocation. */
export function concernsAuth(target: UpstreamTarget, status: number, token: string): boolean {
  return (
    status === 401 ||
    status === 403 ||
    (token === '' && (target.auth === 'unknown' || target.authProblem !== undefined))
  );
}

export class AuthRetry {
  private renewed = false;
  private steppedUp = false;

  constructor(private readonly o: AuthRetryOptions) {}

  /** The verdict on an answer to a request sent with `token` ('' = no OAuth token). */
  verdict(status: number, headers: IncomingHttpHeaders, token: string): AuthVerdict {
    const { target, tokens } = this.o;
    if (status === 401) {
      const challenge = headers['www-authenticate'];
      // Sent without an OAuth token: only a Bearer challenge makes this an OAuth server. A
      // credential the user configured is theirs: refused, it is reported, never replaced.
      if (token === '' && (target.ownAuthorization || !isBearerChallenge(challenge))) {
        const message = refusalMessage(target, status);
        tokens.learned?.(target, { accepted: false, problem: message });
        return { kind: 'refuse', message };
      }
      if (this.renewed) {
        const name = target.name;
        return {
          kind: 'refuse',
          message: `MCP server '${name}' rejected the companion's credentials even after renewing them. Run \`mcp-companion login ${name}\` to sign in again.`,
        };
      }
      // A server's first Bearer challenge (sent no token) only teaches that it wants OAuth: the
      // token that sign-in brings still gets its own renewal if it is refused on arrival.
      if (token !== '') this.renewed = true;
      return { kind: 'retry', token: tokens.renew(target, token, challenge, this.o.signal()) };
    }
    // The first answer a server gives to a request without an OAuth token teaches its auth kind.
    if (token === '' && status < 400 && (target.auth === 'unknown' || target.authProblem !== undefined)) {
      tokens.learned?.(target, { accepted: true });
    }
    const challenge = status === 403 ? headers['www-authenticate'] : undefined;
    if (challenge && token !== '' && /insufficient_scope/i.test(challenge) && !this.steppedUp && tokens.stepUp) {
      // Step-up: the IDE never sees the challenge; the companion asks the user for the extra
      // scope once and replays the request with the new token.
      this.steppedUp = true;
      return { kind: 'retry', token: tokens.stepUp(target, token, challenge, this.o.signal()) };
    }
    return PASS;
  }
}
