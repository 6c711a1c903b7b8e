/**
 * Kysely table types of the ministry database (camelCase here, snake_case in SQL via CamelCasePlugin).
 * Sessions, OTPs, rate limits and lockouts have the national portal's shapes so that its session store,
 * OTP service and limiter run on this database unchanged.
 */
import type { Generated } from 'kysely';
import type {
  AuditLogTable,
  LockoutTable,
  OtpTable,
  RateLimitTable,
  SessionTable,
} from '../../portal/db/schema.js';

export type MinistrySubject = 'congDan' | 'doanhNghiep';

/** A local BCA account: a citizen keyed by CCCD or a business keyed by MST. */
export interface MinistryAccountTable {
  id: string;
  subject: MinistrySubject;
  /** CCCD (12 digits) or MST: the login name and the identity every link and signature must match. */
  idNumber: string;
  fullName: string;
  /** YYYYMMDD, as in the national portal's claims. */
  dateOfBirth: string | null;
  /** 1 nam, 2 nữ. */
  gender: number | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  /** Absent for an account created from a national-portal sign-in (it signs in through SSO or a token). */
  passwordHash: string | null;
  /** JSON of the userinfo claims last received from the national portal, or null. */
  nationalClaims: string | null;
  /** 'local' (registered at the ministry) or 'dvcqg' (created on the first national-portal sign-in). */
  origin: 'local' | 'dvcqg';
  createdAt: number;
}

/** National-portal identities linked to local accounts, keyed by (issuer, sub) — never by e-mail or name. */
export interface FederatedIdentityTable {
  issuer: string;
  subject: string;
  accountId: string;
  /** The CCCD/MST the national portal asserted when the link was made. */
  idNumber: string;
  createdAt: number;
  lastUsedAt: number;
}

/** A pending authorization request at the national portal, kept server-side until the callback. */
export interface SsoRequestTable {
  state: string;
  sessionIdHash: string;
  codeVerifier: string;
  nonce: string;
  /** Local path to return to after sign-in. */
  returnTo: string;
  /** The level asked for in `acr_values` (LoA1/LoA2), checked against the ID token's `acr`; null: none. */
  acr?: string | null;
  expiresAt: number;
}

/** The national-portal sign-in behind a ministry session (for back-channel and RP-initiated logout). */
export interface NationalLoginTable {
  sessionIdHash: string;
  issuer: string;
  /** The OP session id (`sid`), when the ID token carried one. */
  sid: string | null;
  subject: string;
  /** The ID token, sent back as `id_token_hint` when the citizen signs out. */
  idToken: string;
  createdAt: number;
}

export type FlowPurpose = 'login' | 'link' | 'unlink';
export type FlowStep = 'credentials' | 'otp';

/** Sign-in, linking and unlinking flows: each ends with a re-authentication to a local account. */
export interface MinistryFlowTable {
  id: string;
  sessionIdHash: string;
  purpose: FlowPurpose;
  step: FlowStep;
  /** The local account to authenticate as (link, unlink; login once the password matched). */
  accountId: string | null;
  /** link: the national identity to link and its claims (JSON); unlink: the identity to remove. */
  issuer: string | null;
  subject: string | null;
  claims: string | null;
  /** Local path to return to once the flow is complete. */
  returnTo: string;
  /** USB challenge (Web eID nonce) and when it was issued. */
  usbNonce: string | null;
  usbNonceIssuedAt: number | null;
  expiresAt: number;
  createdAt: number;
}

/** `jti` of back-channel logout tokens already used, kept until they could no longer be accepted. */
export interface LogoutTokenTable {
  issuer: string;
  jti: string;
  expiresAt: number;
}

export interface MinistryAuditTable extends Omit<AuditLogTable, 'id'> {
  id: Generated<number>;
}

/** The officer role of a local account (the dossier module's /can-bo/ho-so pages). */
export interface OfficerTable {
  accountId: string;
  /** The unit shown in the dossier trail, e.g. "Công an phường Ba Đình". */
  unit: string;
  createdAt: number;
}

/**
 * A password being set on an account that has none (created through SSO): the new password's hash waits
 * here until the SMS OTP sent to the account's phone is confirmed. One per session.
 */
export interface PasswordSettingTable {
  id: string;
  sessionIdHash: string;
  accountId: string;
  passwordHash: string;
  expiresAt: number;
  createdAt: number;
}

export interface MinistryDatabase {
  officers: OfficerTable;
  passwordSettings: PasswordSettingTable;
  accounts: MinistryAccountTable;
  federatedIdentities: FederatedIdentityTable;
  ssoRequests: SsoRequestTable;
  nationalLogins: NationalLoginTable;
  ministryFlows: MinistryFlowTable;
  logoutTokens: LogoutTokenTable;
  sessions: SessionTable;
  otps: OtpTable;
  rateLimits: RateLimitTable;
  lockouts: LockoutTable;
  auditLog: MinistryAuditTable;
}
