/** Kysely table types of the portal database (camelCase here, snake_case in SQL via CamelCasePlugin). */
import type { Generated } from 'kysely';

export type Subject = 'congDan' | 'doanhNghiep' | 'coQuanNhaNuoc';

export interface AccountTable {
  id: string;
  /** CCCD (citizen) or MST (business): the login name. */
  username: string;
  subject: Subject;
  idNumber: string;
  fullName: string;
  dateOfBirth: string | null;
  phone: string | null;
  email: string | null;
  bhxhCode: string | null;
  passwordHash: string | null;
  /** "Mức xác minh" (1–4). */
  verificationLevel: number;
  registrationMethod: string;
  createdAt: number;
}

export interface SessionTable {
  /** SHA-256 of the random cookie value: a stolen database does not yield usable cookies. */
  idHash: string;
  csrfToken: string;
  accountId: string | null;
  /** Short label shown on the account page ("Chrome trên Linux", IP). */
  userAgent: string;
  ip: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface FlowTable {
  id: string;
  kind: 'registration' | 'login';
  /** Session the flow belongs to (hash); a flow is only usable from that session. */
  sessionIdHash: string;
  subject: Subject;
  method: string;
  state: string;
  expiresAt: number;
  attempts: number;
  /** JSON: collected attributes and step data. */
  data: string;
  /** JSON: messages `[{ code, type, field? }]` shown with the flow. */
  messages: string;
  /** Optimistic-concurrency version: several instances may serve one flow. */
  version: number;
  createdAt: number;
}

export interface OtpTable {
  flowId: string;
  phone: string;
  codeDigest: string;
  issuedAt: number;
  expiresAt: number;
  wrongAttempts: number;
}

export interface RateLimitTable {
  bucket: string;
  key: string;
  windowStart: number;
  count: number;
}

export interface LockoutTable {
  key: string;
  lockedUntil: number;
  lockCount: number;
  failures: number;
  updatedAt: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  accountId: string | null;
  event: string;
  ip: string;
  /** JSON without secrets or personal data beyond what the account owner already sees. */
  detail: string;
}

export interface AccountCertificateTable {
  /** SHA-256 of the certificate DER, lower-case hex. */
  thumbprint: string;
  accountId: string;
  issuer: string;
  serialNumber: string;
  subject: string;
  notAfter: number;
  createdAt: number;
}

/** One oidc-provider model instance (Session, Grant, AuthorizationCode, AccessToken, Interaction…). */
export interface OidcPayloadTable {
  model: string;
  id: string;
  /** JSON of the payload as oidc-provider gave it. */
  payload: string;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  /** ms; null = no expiry. */
  expiresAt: number | null;
  /** ms when consumed (authorization codes, refresh tokens…); null while unused. */
  consumedAt: number | null;
}

/** How and when a session's account signed in (kept beside `sessions`, one row per signed-in session). */
export interface SessionSignInTable {
  sessionIdHash: string;
  accountId: string;
  /** Login method (password, usbKySo, simKySo, chuKySoCaNhan) or identity provider (vneid, postid). */
  method: string;
  /** Level of assurance: 1 (LoA1) or 2 (LoA2). */
  level: number;
  /** ms; the OpenID provider's `auth_time`. */
  authTime: number;
}

/** Secrets every portal instance must share: the OpenID provider's signing keys and cookie keys. */
export interface OidcKeyTable {
  name: string;
  value: string;
  createdAt: number;
}

export interface PortalDatabase {
  accountCertificates: AccountCertificateTable;
  accounts: AccountTable;
  sessions: SessionTable;
  flows: FlowTable;
  otps: OtpTable;
  rateLimits: RateLimitTable;
  lockouts: LockoutTable;
  auditLog: AuditLogTable;
  oidcPayloads: OidcPayloadTable;
  oidcKeys: OidcKeyTable;
  sessionSignIns: SessionSignInTable;
}
