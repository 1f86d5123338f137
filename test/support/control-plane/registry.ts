// Dynamic client registrations (RFC 7591) and their RFC 7592 management tokens. A registration
// is in scope for exactly one tenant+server; revocation keeps the record so the lenient
// (pre-v0.148) policy can still honour "any client_id it ever issued".
import { randomBytes, randomUUID } from 'node:crypto';

export type TokenAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';
export const TOKEN_AUTH_METHODS: readonly TokenAuthMethod[] = ['none', 'client_secret_post', 'client_secret_basic'];

export interface Registration {
  clientId: string;
  clientSecret?: string;
  tenant: string;
  /** '*': valid for every server of the tenant (a pre-registered client, a metadata document). */
  server: string;
  issuedAt: number; // seconds
  redirectUris: string[];
  tokenEndpointAuthMethod: TokenAuthMethod;
  grantTypes: string[];
  responseTypes: string[];
  scope?: string;
  /** Other RFC 7591 metadata the client sent (client_name, software_id, …), echoed back. */
  extra: Record<string, unknown>;
  registrationAccessToken?: string;
  active: boolean;
}

export type RegistrationInput = Omit<
  Registration,
  'clientId' | 'clientSecret' | 'issuedAt' | 'registrationAccessToken' | 'active'
>;

export class Registry {
  private readonly byId = new Map<string, Registration>();

  create(input: RegistrationInput, withManagementToken: boolean): Registration {
    const reg: Registration = {
      ...input,
      clientId: `cp-${randomUUID()}`,
      issuedAt: Math.floor(Date.now() / 1000),
      active: true,
    };
    if (input.tokenEndpointAuthMethod !== 'none') reg.clientSecret = randomBytes(24).toString('base64url');
    if (withManagementToken) reg.registrationAccessToken = randomBytes(24).toString('base64url');
    this.byId.set(reg.clientId, reg);
    return reg;
  }

  /** A client not registered here: pre-registered by an administrator, or a fetched metadata document. */
  adopt(reg: Registration): void {
    this.byId.set(reg.clientId, reg);
  }

  /** Any registration ever issued, active or not. */
  get(clientId: string): Registration | undefined {
    return this.byId.get(clientId);
  }

  /** The strict (v0.148) notion: active and in scope for this tenant+server. */
  activeInScope(clientId: string, tenant: string, server: string): Registration | undefined {
    const reg = this.byId.get(clientId);
    return reg && reg.active && reg.tenant === tenant && (reg.server === server || reg.server === '*')
      ? reg
      : undefined;
  }

  revoke(clientId: string): void {
    const reg = this.byId.get(clientId);
    if (reg) reg.active = false;
  }

  revokeAll(): void {
    for (const reg of this.byId.values()) reg.active = false;
  }

  active(server?: string): Registration[] {
    return [...this.byId.values()].filter((r) => r.active && (server === undefined || r.server === server));
  }
}

/** The RFC 7591 §3.2.1 response body (also the RFC 7592 read body). */
export function registrationResponse(reg: Registration, clientUri: string | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...reg.extra,
    client_id: reg.clientId,
    client_id_issued_at: reg.issuedAt,
    redirect_uris: reg.redirectUris,
    token_endpoint_auth_method: reg.tokenEndpointAuthMethod,
    grant_types: reg.grantTypes,
    response_types: reg.responseTypes,
  };
  if (reg.scope !== undefined) body.scope = reg.scope;
  if (reg.clientSecret !== undefined) {
    body.client_secret = reg.clientSecret;
    body.client_secret_expires_at = 0;
  }
  if (clientUri !== undefined && reg.registrationAccessToken !== undefined) {
    body.registration_client_uri = clientUri;
    body.registration_access_token = reg.registrationAccessToken;
  }
  return body;
}
