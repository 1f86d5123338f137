// The OAuth redirect target. Only a pending, unexpired state is accepted; anything else gets a
// clear page and, when we know which server it was for, a fresh login (never a replay).
import { CompanionError } from '../core/errors.js';
import type { LoginCoordinator } from './login.js';
import { renderPage } from './pages.js';

export interface CallbackResult {
  status: number;
  html: string;
}

export async function handleOAuthCallback(
  logins: LoginCoordinator,
  params: URLSearchParams,
  restart: (server: string) => void,
): Promise<CallbackResult> {
  const state = params.get('state') ?? '';
  const claim = logins.pending.claim(state);
  if (claim.kind === 'unknown') {
    return page(
      400,
      'Unknown sign-in',
      'This sign-in response does not match any sign-in MCP Companion started (it may come from an old tab). Nothing was changed. Retry from your IDE, or run `mcp-companion login <server>`.',
    );
  }
  if (claim.kind !== 'pending') {
    restart(claim.server);
    return page(
      400,
      'Sign-in link already used',
      `This sign-in link for ${claim.server} was already used or has expired, so it was not replayed. MCP Companion started a fresh sign-in in a new tab.`,
    );
  }
  const { attempt } = claim;
  const iss = params.get('iss') ?? undefined;
  const error = params.get('error');
  if (error) {
    attempt.settle({ ok: false, error, description: params.get('error_description') ?? undefined });
    return page(
      400,
      'Sign-in refused',
      `${attempt.server}: the authorization server answered "${error}"${params.get('error_description') ? ` (${params.get('error_description')})` : ''}.`,
    );
  }
  if ((attempt.issRequired && !iss) || (iss !== undefined && iss !== attempt.issuer)) {
    attempt.settle({
      ok: false,
      error: 'iss_mismatch',
      description: 'The authorization response came from an unexpected issuer (RFC 9207).',
    });
    return page(
      400,
      'Sign-in refused',
      `The response for ${attempt.server} did not come from ${attempt.issuer}; it was refused.`,
    );
  }
  const code = params.get('code');
  if (!code) {
    attempt.settle({ ok: false, error: 'invalid_request', description: 'The authorization response carried no code.' });
    return page(400, 'Sign-in failed', 'The authorization response carried no code.');
  }
  attempt.settle({ ok: true, code, iss });
  const outcome = await logins.outcome(attempt.server);
  if (outcome instanceof CompanionError || outcome instanceof Error) {
    return page(502, 'Sign-in failed', `${attempt.server}: ${outcome.message}`);
  }
  return page(
    200,
    'Signed in',
    `MCP Companion is now signed in to ${attempt.server}. You can close this tab and go back to your IDE.`,
  );
}

function page(status: number, title: string, message: string): CallbackResult {
  return { status, html: renderPage(title, message) };
}
