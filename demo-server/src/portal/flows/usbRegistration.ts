/**
 * Registration with a USB signing token (USB ký số): the page has the token sign the flow's challenge
 * (a `web-eid:1.0` login token, lib's `verifyAuthToken`: signature over the portal's origin and the nonce,
 * path to the trusted roots, revocation through the CA's OCSP/CRL, key usage and purpose), the portal shows
 * the identity read from the certificate, the citizen or business adds an e-mail and the captcha, and the
 * account is created keyed by the CCCD/CMND (citizen) or the MST (business).
 *
 *   challenge ──(authToken)──▶ confirm ──(email, captcha)──▶ complete
 */
import { randomUUID } from 'node:crypto';
import {
  type AuthTokenVerification,
  attributeValues,
  generateNonce,
  isAuthTokenError,
  type VietnameseIdentifier,
} from '@kyso/lib';
import type { FlowMessage, MessageCode } from '../i18n/messages.js';
import type { PortalContext } from '../portalContext.js';
import { verifyLoginToken } from '../security/loginTokenCheck.js';
import { consumeCaptcha, refreshCaptcha } from './captchaStep.js';
import {
  AGENCY_USERNAME_PREFIX,
  accountUsername,
  authorityMismatch,
  isGovernmentPath,
} from './certificateAuthority.js';
import { completeRegistration } from './registrationCompletion.js';
import type { RegistrationFlow } from './registrationEngine.js';
import { REGISTRATION_METHODS } from './registrationMethods.js';

const CN = '2.5.4.3';
const O = '2.5.4.10';
const OU = '2.5.4.11';
const TITLE = '2.5.4.12';
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,63}$/;

export interface UsbCertificateInfo {
  username: string;
  idType: 'CCCD' | 'CMND' | 'MST';
  fullName: string;
  issuer: string;
  subject: string;
  serialNumber: string;
  thumbprint: string;
  notAfter: number;
  /** Cơ quan nhà nước: the agency (O), its units (OU) and the holder's title (T) from the certificate. */
  organization?: string;
  organizationalUnits?: string[];
  title?: string;
}

export interface CertificateStepData {
  nonce?: string;
  nonceIssuedAt?: number;
  certificate?: UsbCertificateInfo;
  email?: string;
}

const error = (code: MessageCode, field?: string): FlowMessage =>
  field ? { code, type: 'error', field } : { code, type: 'error' };

class DuplicateAccount extends Error {}

/** Fresh challenge in the flow (the previous one, if any, can no longer be used). */
export function issueUsbChallenge(ctx: PortalContext, usb: CertificateStepData): void {
  usb.nonce = generateNonce();
  usb.nonceIssuedAt = ctx.clock();
}

function pickIdentifier(
  subject: RegistrationFlow['subject'],
  subjectType: string,
  identifiers: readonly VietnameseIdentifier[],
): { type: UsbCertificateInfo['idType']; value: string } | undefined {
  const valid = identifiers.filter((i) => i.valid);
  if (subject === 'congDan' && subjectType === 'personal') {
    const id = valid.find((i) => i.type === 'CCCD') ?? valid.find((i) => i.type === 'CMND');
    return id ? { type: id.type as 'CCCD' | 'CMND', value: id.value } : undefined;
  }
  if (subject === 'doanhNghiep' && subjectType === 'organization') {
    const id = valid.find((i) => i.type === 'MST');
    return id ? { type: 'MST', value: id.value } : undefined;
  }
  if (subject === 'coQuanNhaNuoc') {
    // A civil servant's certificate names the person (CCCD/CMND, with O/OU/T); an agency's or budget
    // unit's names the MST (and the MNS).
    const person = valid.find((i) => i.type === 'CCCD') ?? valid.find((i) => i.type === 'CMND');
    if (person) return { type: person.type as 'CCCD' | 'CMND', value: person.value };
    const mst = valid.find((i) => i.type === 'MST');
    return mst ? { type: 'MST', value: mst.value } : undefined;
  }
  return undefined;
}

async function usernameTaken(ctx: PortalContext, username: string, thumbprint: string): Promise<boolean> {
  const a = await ctx.db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (a) return true;
  const c = await ctx.db
    .selectFrom('accountCertificates')
    .select('accountId')
    .where('thumbprint', '=', thumbprint)
    .executeTakeFirst();
  return c !== undefined;
}

export type SignedChallengeResult =
  | { ok: true; verified: AuthTokenVerification }
  | { ok: false; code: MessageCode };

/**
 * Checks a login token against the challenge kept in `usb` (single use: a new challenge replaces it
 * whatever the outcome) with the portal's origin, trust list and revocation checking.
 */
export async function checkSignedChallenge(
  ctx: PortalContext,
  usb: CertificateStepData,
  token: unknown,
): Promise<SignedChallengeResult> {
  if (typeof token !== 'string' && (typeof token !== 'object' || token === null))
    return { ok: false, code: 'USB_TOKEN_MISSING' };
  const nonce = usb.nonce;
  const issuedAt = usb.nonceIssuedAt ?? 0;
  issueUsbChallenge(ctx, usb);
  if (!nonce || ctx.clock() >= issuedAt + ctx.config.limits.authNonceTtlMs || !ctx.trust)
    return { ok: false, code: 'AUTH_TOKEN_NONCE' };
  try {
    const verified = await verifyLoginToken(ctx.trust, token as string | object, {
      nonce,
      origin: ctx.config.publicOrigin,
      now: ctx.clock(),
    });
    return { ok: true, verified };
  } catch (e) {
    if (!isAuthTokenError(e)) throw e;
    return { ok: false, code: e.code };
  }
}

/** The account identity of a verified certificate for `subject` (CCCD/CMND of a person, MST of an organization). */
export function certificateIdentity(
  subject: RegistrationFlow['subject'],
  verified: Pick<AuthTokenVerification, 'description' | 'subjectType' | 'identifiers'>,
): UsbCertificateInfo | undefined {
  const id = pickIdentifier(subject, verified.subjectType, verified.identifiers);
  if (!id) return undefined;
  const d = verified.description;
  const info: UsbCertificateInfo = {
    username: accountUsername(subject, id.value),
    idType: id.type,
    fullName: attributeValues(d.subject, CN)[0] ?? id.value,
    issuer: attributeValues(d.issuer, CN)[0] ?? d.issuerString,
    subject: d.subjectString.slice(0, 1000),
    serialNumber: d.serialNumber,
    thumbprint: d.fingerprints.sha256,
    notAfter: d.notAfter.getTime(),
  };
  if (subject === 'coQuanNhaNuoc') {
    const organization = attributeValues(d.subject, O)[0];
    const units = attributeValues(d.subject, OU);
    const title = attributeValues(d.subject, TITLE)[0];
    if (organization) info.organization = organization.slice(0, 200);
    if (units.length > 0) info.organizationalUnits = units.slice(0, 5).map((u) => u.slice(0, 200));
    if (title) info.title = title.slice(0, 200);
  }
  return info;
}

/**
 * The account identity of a verified certificate for `subject`, or the refusal: a public-CA certificate
 * for a State agency, a government certificate for a citizen or business, or no usable identifier.
 */
export function subjectIdentity(
  ctx: PortalContext,
  subject: RegistrationFlow['subject'],
  verified: Pick<AuthTokenVerification, 'description' | 'subjectType' | 'identifiers'>,
  path: readonly Uint8Array[],
): { ok: true; info: UsbCertificateInfo } | { ok: false; code: MessageCode } {
  const mismatch = authorityMismatch(subject, isGovernmentPath(ctx.trust, path));
  if (mismatch) return { ok: false, code: mismatch };
  const info = certificateIdentity(subject, verified);
  if (info) return { ok: true, info };
  return {
    ok: false,
    code: subject === 'coQuanNhaNuoc' ? 'GOV_CERTIFICATE_WRONG_SUBJECT' : 'USB_CERTIFICATE_WRONG_SUBJECT',
  };
}

/** Step `challenge`: checks the signed challenge and reads the identity from the certificate. */
export async function submitUsbChallenge(
  ctx: PortalContext,
  flow: RegistrationFlow,
  body: Record<string, unknown>,
): Promise<boolean> {
  flow.data.cert ??= {};
  const usb = flow.data.cert;
  const checked = await checkSignedChallenge(ctx, usb, body.authToken);
  if (!checked.ok) {
    flow.messages = [error(checked.code)];
    return false;
  }
  const identity = subjectIdentity(ctx, flow.subject, checked.verified, checked.verified.path.path);
  if (!identity.ok) {
    flow.messages = [error(identity.code)];
    return false;
  }
  const info = identity.info;
  if (await usernameTaken(ctx, info.username, info.thumbprint)) {
    flow.messages = [error(info.idType === 'MST' ? 'USB_ACCOUNT_EXISTS_MST' : 'ACCOUNT_EXISTS')];
    return false;
  }
  usb.certificate = info;
  delete usb.nonce;
  delete usb.nonceIssuedAt;
  refreshCaptcha(ctx, flow.id, flow.data);
  flow.state = 'confirm';
  flow.messages = [{ code: 'USB_CERTIFICATE_READ', type: 'info' }];
  return true;
}

/**
 * Step `confirm` (USB ký số and SIM ký số): e-mail and captcha, then the account, its certificate binding, the flow's completion and
 * the audit entry in one transaction. Returns true when the flow was completed (and saved).
 */
export async function submitUsbConfirm(
  ctx: PortalContext,
  flow: RegistrationFlow,
  ip: string,
  body: Record<string, unknown>,
): Promise<boolean> {
  const usb = flow.data.cert ?? {};
  const cert = usb.certificate;
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  usb.email = email.slice(0, 254);
  if (!consumeCaptcha(ctx, flow.id, flow.data, body.captcha)) {
    flow.messages = [error('CAPTCHA_WRONG', 'captcha')];
    return false;
  }
  if (!cert) {
    flow.messages = [error('FLOW_WRONG_STATE')];
    return false;
  }
  if (email.length > 254 || !EMAIL.test(email)) {
    flow.messages = [error(email ? 'EMAIL_INVALID' : 'FIELD_REQUIRED', 'email')];
    return false;
  }
  const accountId = randomUUID();
  const now = ctx.clock();
  // USB ký số, SIM ký số and Chữ ký số cá nhân all end here with a verified certificate.
  const method = flow.method as 'usbKySo' | 'simKySo' | 'chuKySoCaNhan';
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('accounts')
        .values({
          id: accountId,
          username: cert.username,
          subject: flow.subject,
          idNumber: cert.username.startsWith(AGENCY_USERNAME_PREFIX)
            ? cert.username.slice(AGENCY_USERNAME_PREFIX.length)
            : cert.username,
          fullName: cert.fullName,
          dateOfBirth: null,
          phone: null,
          email,
          bhxhCode: null,
          passwordHash: null,
          verificationLevel: REGISTRATION_METHODS[method].verificationLevel,
          registrationMethod: method,
          createdAt: now,
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new DuplicateAccount();
      const bound = await trx
        .insertInto('accountCertificates')
        .values({
          thumbprint: cert.thumbprint,
          accountId,
          issuer: cert.issuer,
          serialNumber: cert.serialNumber,
          subject: cert.subject,
          notAfter: cert.notAfter,
          createdAt: now,
        })
        .onConflict((oc) => oc.column('thumbprint').doNothing())
        .executeTakeFirst();
      if (Number(bound.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new DuplicateAccount();
      await completeRegistration(ctx, trx, flow, {
        accountId,
        username: cert.username,
        ip,
        at: now,
        detail: { method, certificate: cert.thumbprint },
      });
    });
  } catch (e) {
    flow.state = 'confirm';
    if (!(e instanceof DuplicateAccount)) throw e;
    flow.messages = [error(cert.idType === 'MST' ? 'USB_ACCOUNT_EXISTS_MST' : 'ACCOUNT_EXISTS')];
    return false;
  }
  return true;
}
