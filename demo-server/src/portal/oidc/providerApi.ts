/**
 * The part of oidc-provider 9 (a JavaScript package without type declarations) the national portal's
 * OpenID provider uses, typed once here. `nationalProvider.ts` casts the constructed provider to it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What oidc-provider gives an adapter to store (the model's payload). */
export interface AdapterPayload {
  [key: string]: unknown;
  grantId?: string;
  userCode?: string;
  uid?: string;
  consumed?: unknown;
}

/** The storage interface oidc-provider calls, one instance per model name. */
export interface ProviderAdapter {
  upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
  find(id: string): Promise<AdapterPayload | undefined>;
  findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
  findByUid(uid: string): Promise<AdapterPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export interface InteractionPrompt {
  name: string;
  reasons: string[];
  details: Record<string, unknown>;
}

export interface InteractionRecord {
  uid: string;
  prompt: InteractionPrompt;
  params: Record<string, unknown>;
  session?: { accountId?: string; uid?: string };
  grantId?: string;
}

export interface ProviderGrant {
  accountId: string;
  clientId: string;
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
  destroy(): Promise<void>;
}

export interface ProviderClient {
  clientId: string;
  clientName?: string;
  backchannelLogoutUri?: string;
  backchannelLogout(sub: string, sid: string | undefined): Promise<void>;
}

export interface ProviderSession {
  /** The session's id (its row in `oidc_payloads`). */
  jti: string;
  accountId?: string;
  authorizations?: Record<string, { sid?: string; grantId?: string; persistsLogout?: boolean }>;
  sidFor(clientId: string): string | undefined;
  destroy(): Promise<void>;
}

/** The Koa context oidc-provider hands to configuration callbacks (only the members used here). */
export interface ProviderContext {
  req: IncomingMessage;
  res: ServerResponse;
  type: string;
  body: unknown;
  status: number;
  cookies: { get(name: string, options?: { signed?: boolean }): string | undefined };
  oidc: {
    session?: { accountId?: string; acr?: string; uid?: string };
    params?: Record<string, unknown>;
    client?: { clientId: string };
    entities: { AuthorizationCode?: { acr?: string; amr?: string[] } };
  };
}

export interface NationalProvider {
  readonly issuer: string;
  proxy: boolean;
  Grant: {
    new (init: { clientId: string; accountId: string }): ProviderGrant;
    find(id: string): Promise<ProviderGrant | undefined>;
  };
  Client: { find(id: string): Promise<ProviderClient | undefined> };
  Session: {
    get(ctx: unknown): Promise<ProviderSession>;
    findByUid(uid: string): Promise<ProviderSession | undefined>;
  };
  AccessToken: { revokeByGrantId(grantId: string): Promise<void> };
  AuthorizationCode: { revokeByGrantId(grantId: string): Promise<void> };
  RefreshToken: { revokeByGrantId(grantId: string): Promise<void> };
  createContext(req: IncomingMessage, res: ServerResponse): unknown;
  cookieName(type: 'session' | 'interaction' | 'resume'): string;
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionRecord>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}
