/**
 * Login with VNeID / PostID and registration through PostID (Bưu điện Việt Nam): the flow (in the
 * database, bound to the browser session; its id is the OAuth `state`) holds the PKCE verifier and nonce
 * between the redirect and the callback; the callback is single-use. The account is found by (issuer, sub),
 * or on first use by the CCCD the provider vouches for — never by e-mail or name.
 */
import { randomUUID } from 'node:crypto';
import type { Flow } from '../flows/flowStore.js';
import type { PortalContext } from '../portalContext.js';
import { audit } from '../security/auditLog.js';
import type { FederationConfig, IdentityProvider } from './federationConfig.js';
import type { FederationMessageCode } from './federationMessages.js';
import { federationDb, linkedAccount, linkIdentity } from './linkedIdentities.js';
import {
  newPendingAuthorization,
  type PendingAuthorization,
  ProviderUnavailableError,
  type RelyingParty,
} from './relyingParty.js';

export type FederationPurpose = 'login' | 'registration';

interface FederationFlowData {
  pending: PendingAuthorization;
}

/** The method of an account registered through PostID (method 3, "Bưu điện Việt Nam"). */
export const POSTID_REGISTRATION_METHOD = 'buuDien';

export type FederationResult =
  | {
      ok: true;
      accountId: string;
      registered: boolean /** The provider's identity level (acr). */;
      level: number;
      /** The `amr` claim of the provider's ID token, as it came. */
      amr: unknown;
    }
  | { ok: false; code: FederationMessageCode; status: number };

const fail = (code: FederationMessageCode, status = 400): FederationResult => ({ ok: false, code, status });

/** Identity level the provider vouched for (`acr` "1" / "2"), 0 when absent or unknown. */
function levelOf(claims: Record<string, unknown>): number {
  return claims.acr === '2' ? 2 : claims.acr === '1' ? 1 : 0;
}

/** The 12-digit personal identification number from a provider's claims. */
function cccdOf(p: IdentityProvider, claims: Record<string, unknown>): string | undefined {
  const v = p === 'vneid' ? claims.preferred_username : claims.identity_number;
  return typeof v === 'string' && /^\d{12}$/.test(v) ? v : undefined;
}

export class FederatedSignIn {
  constructor(
    private readonly ctx: PortalContext,
    private readonly config: FederationConfig,
    private readonly rp: RelyingParty,
  ) {}

  /** Lowest level accepted: VNeID per configuration; PostID only when verified at a post-office counter. */
  minLevel(p: IdentityProvider): number {
    return p === 'vneid' ? this.config.vneidMinLevel : 2;
  }

  /** Starts a flow and returns the provider's authorization URL. */
  async start(
    p: IdentityProvider,
    purpose: FederationPurpose,
    sessionIdHash: string,
  ): Promise<{ ok: true; url: string } | { ok: false; code: FederationMessageCode; status: number }> {
    const pending = newPendingAuthorization();
    const flow = await this.ctx.flows.create<FederationFlowData>({
      id: randomUUID(),
      kind: purpose,
      sessionIdHash,
      subject: 'congDan',
      method: p,
      state: 'redirected',
      ttlMs: this.ctx.config.limits.flowTtlMs,
      data: { pending },
    });
    try {
      const url = await this.rp.authorizationUrl(p, flow.id, pending, this.minLevel(p));
      return { ok: true, url: url.href };
    } catch (e) {
      if (e instanceof ProviderUnavailableError)
        return { ok: false, code: 'FEDERATION_UNAVAILABLE', status: 503 };
      throw e;
    }
  }

  private async flowOf(state: string, sessionIdHash: string): Promise<Flow<FederationFlowData> | undefined> {
    for (const kind of ['login', 'registration'] as const) {
      const r = await this.ctx.flows.load<FederationFlowData>(state, kind, sessionIdHash);
      if (r.ok) return r.flow;
    }
    return undefined;
  }

  /** Handles the provider's redirect back to `/dang-nhap/<p>/callback?<query>`. */
  async callback(
    p: IdentityProvider,
    query: URLSearchParams,
    sessionIdHash: string,
    ip: string,
    logError: (e: unknown) => void,
  ): Promise<FederationResult> {
    const state = query.get('state') ?? '';
    const flow = state ? await this.flowOf(state, sessionIdHash) : undefined;
    if (!flow || flow.method !== p || flow.state !== 'redirected') return fail('FEDERATION_STATE_INVALID');
    // Single use: a replayed callback finds the flow consumed.
    flow.state = 'returned';
    try {
      await this.ctx.flows.save(flow);
    } catch {
      return fail('FEDERATION_STATE_INVALID');
    }
    const purpose = flow.kind;
    const error = query.get('error');
    if (error) return fail(error === 'access_denied' ? 'FEDERATION_CANCELLED' : 'FEDERATION_FAILED');

    let claims: Record<string, unknown>;
    try {
      claims = await this.rp.exchange(p, query.toString(), flow.id, flow.data.pending);
    } catch (e) {
      logError(e);
      return e instanceof ProviderUnavailableError
        ? fail('FEDERATION_UNAVAILABLE', 503)
        : fail('FEDERATION_FAILED');
    }
    const issuer = String(claims.iss);
    const subject = String(claims.sub);
    const cccd = cccdOf(p, claims);
    if (!cccd) return fail('FEDERATION_FAILED');
    if (levelOf(claims) < this.minLevel(p))
      return fail(p === 'vneid' ? 'VNEID_LEVEL_TOO_LOW' : 'POSTID_NOT_VERIFIED', 403);

    const now = this.ctx.clock();
    if (purpose === 'registration') {
      if (this.ctx.config.legacyRegistration === 'disabled') return fail('LEGACY_REGISTRATION_DISABLED', 403);
      const accountId = await this.register(p, claims, cccd, issuer, subject, now);
      if (!accountId) return fail('ACCOUNT_EXISTS', 409);
      await audit(this.ctx.db, this.ctx.clock, 'registration.completed', accountId, ip, {
        method: POSTID_REGISTRATION_METHOD,
      });
      await audit(this.ctx.db, this.ctx.clock, 'login.succeeded', accountId, ip, { method: p });
      return { ok: true, accountId, registered: true, level: levelOf(claims), amr: claims.amr };
    }

    // Login: the linked (issuer, sub) first; else the citizen account whose username is the CCCD.
    const account = await this.ctx.db
      .selectFrom('accounts')
      .select(['id', 'username'])
      .where('username', '=', cccd)
      .where('subject', '=', 'congDan')
      .executeTakeFirst();
    const linked = await linkedAccount(this.ctx.db, issuer, subject);
    if (linked && linked !== account?.id) {
      await audit(this.ctx.db, this.ctx.clock, 'login.failed', linked, ip, {
        method: p,
        reason: 'link_mismatch',
      });
      return fail('FEDERATION_FAILED', 403);
    }
    if (!account) return fail('FEDERATION_NO_ACCOUNT', 404);
    if (!(await linkIdentity(this.ctx.db, { issuer, subject, provider: p, accountId: account.id }, now)))
      return fail('FEDERATION_FAILED', 403);
    await audit(this.ctx.db, this.ctx.clock, 'login.succeeded', account.id, ip, {
      method: p,
      linked: !linked,
    });
    return { ok: true, accountId: account.id, registered: false, level: levelOf(claims), amr: claims.amr };
  }

  /** Creates the account (username = CCCD) and its PostID link in one transaction; undefined when it exists. */
  private async register(
    p: IdentityProvider,
    claims: Record<string, unknown>,
    cccd: string,
    issuer: string,
    subject: string,
    now: number,
  ): Promise<string | undefined> {
    const accountId = randomUUID();
    const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
    const birth = str(claims.birthdate);
    return this.ctx.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('accounts')
        .values({
          id: accountId,
          username: cccd,
          subject: 'congDan',
          idNumber: cccd,
          fullName: str(claims.name) ?? cccd,
          dateOfBirth:
            birth && /^\d{4}-\d{2}-\d{2}$/.test(birth) ? birth.split('-').reverse().join('/') : null,
          phone: str(claims.phone_number),
          email: str(claims.email),
          bhxhCode: null,
          passwordHash: null,
          // Verified in person at a post-office counter.
          verificationLevel: 2,
          registrationMethod: POSTID_REGISTRATION_METHOD,
          createdAt: now,
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) return undefined;
      await federationDb(trx)
        .insertInto('linkedIdentities')
        .values({ issuer, subject, provider: p, accountId, createdAt: now, lastUsedAt: now })
        .execute();
      return accountId;
    });
  }
}
