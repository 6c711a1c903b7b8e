/**
 * Registration with a SIM signature (SIM ký số) through the carrier's MSSP, asynchronous mode: the portal
 * sends the SHA-256 of a fresh challenge to the phone number, the citizen confirms on the phone with the SIM
 * PIN, the portal polls the status, verifies the signature with the returned certificate, validates the
 * certificate (trusted roots, validity, OCSP/CRL), and continues with the certificate's identity exactly as
 * USB ký số does (the `confirm` step).
 *
 *   phone ──(phone)──▶ waiting ──(poll: signed)──▶ confirm ──▶ complete
 */
import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import {
  type CertificateDescription,
  parseCertificate,
  validatePath,
  validateVietnameseMobile,
} from '@kyso/lib';
import type { MsspStatus } from '../externals/simulatorsClient.js';
import type { FlowMessage, MessageCode } from '../i18n/messages.js';
import type { PortalContext } from '../portalContext.js';
import { refreshCaptcha } from './captchaStep.js';
import type { RegistrationFlow } from './registrationEngine.js';
import { subjectIdentity, type UsbCertificateInfo } from './usbRegistration.js';

export interface SimStepData {
  phone?: string;
  msspTransId?: string;
  /** base64 of the random challenge whose SHA-256 the SIM signs. */
  challenge?: string;
  /** 4 digits derived from the digest, shown on the page and on the phone so they can be matched. */
  verificationCode?: string;
}

const error = (code: MessageCode, field?: string): FlowMessage =>
  field ? { code, type: 'error', field } : { code, type: 'error' };

/** Mobile-ID style code: the digest's last two bytes modulo 10,000, four digits. */
export function verificationCode(digest: Buffer): string {
  return String(digest.readUInt16BE(digest.length - 2) % 10_000).padStart(4, '0');
}

/** A fresh challenge, its SHA-256 (what the SIM or remote key signs) and the code shown on both screens. */
export function signingChallenge(): { challenge: Buffer; digest: Buffer; code: string } {
  const challenge = randomBytes(32);
  const digest = createHash('sha256').update(challenge).digest();
  return { challenge, digest, code: verificationCode(digest) };
}

/** Step `phone`: sends the signature request to the SIM. */
export async function submitSimPhone(
  ctx: PortalContext,
  flow: RegistrationFlow,
  body: Record<string, unknown>,
): Promise<boolean> {
  const phone = validateVietnameseMobile(typeof body.phone === 'string' ? body.phone : '');
  flow.data.sim = { phone: phone.value.slice(0, 16) };
  if (!phone.valid || !phone.international) {
    flow.messages = [error(phone.value ? 'PHONE_INVALID' : 'FIELD_REQUIRED', 'phone')];
    return false;
  }
  const { challenge, digest, code } = signingChallenge();
  const r = await ctx.systems.msspSign({
    msisdn: phone.international,
    dataToBeSigned: digest.toString('base64'),
    dataToBeDisplayed: `Đăng ký tài khoản Cổng Dịch vụ công Quốc gia. Mã kiểm tra: ${code}`,
    apTransId: flow.id,
  });
  if (!r.ok) {
    flow.messages = [
      error(
        r.failure === 'notFound'
          ? 'SIM_NOT_SUBSCRIBED'
          : r.failure === 'timeout'
            ? 'REGISTRY_TIMEOUT'
            : 'REGISTRY_UNAVAILABLE',
      ),
    ];
    return false;
  }
  flow.data.sim = {
    phone: phone.national ?? phone.value,
    msspTransId: r.value.msspTransId,
    challenge: challenge.toString('base64'),
    verificationCode: code,
  };
  flow.state = 'waiting';
  flow.messages = [{ code: 'SIM_REQUEST_SENT', type: 'info' }];
  return true;
}

const PATH_CODES: Record<string, MessageCode> = {
  EXPIRED: 'CERTIFICATE_EXPIRED',
  NOT_YET_VALID: 'CERTIFICATE_NOT_YET_VALID',
  REVOKED: 'CERTIFICATE_REVOKED',
  REVOCATION_UNKNOWN: 'CERTIFICATE_REVOCATION_UNKNOWN',
};

/** Step `waiting`: asks the MSSP for the outcome; on a signature, checks it and reads the identity. */
export async function pollSimSignature(ctx: PortalContext, flow: RegistrationFlow): Promise<boolean> {
  const sim = flow.data.sim ?? {};
  if (!sim.msspTransId || !sim.challenge) {
    flow.messages = [error('FLOW_WRONG_STATE')];
    return false;
  }
  const r = await ctx.systems.msspStatus(sim.msspTransId);
  if (!r.ok) {
    flow.messages = [error(r.failure === 'timeout' ? 'REGISTRY_TIMEOUT' : 'REGISTRY_UNAVAILABLE')];
    return false;
  }
  const back = (code: MessageCode) => {
    flow.state = 'phone';
    flow.messages = [error(code)];
    return false;
  };
  const outcome = simOutcome(r.value);
  if (outcome.kind === 'waiting') {
    flow.messages = [{ code: 'SIM_WAITING', type: 'info' }];
    return false;
  }
  if (outcome.kind === 'refused') return back(outcome.code);
  const accepted = await acceptSignedChallenge(ctx, flow, { challenge: sim.challenge, ...outcome.signed });
  if (!accepted.ok) return back(accepted.code);
  flow.data.cert = { certificate: accepted.info };
  refreshCaptcha(ctx, flow.id, flow.data);
  flow.state = 'confirm';
  flow.messages = [{ code: 'SIM_CERTIFICATE_READ', type: 'info' }];
  return true;
}

/** A signature made by a remote key (SIM or provider): base64 signature, certificate and chain. */
export interface RemoteSignature {
  signature: string;
  certificate: string;
  chain: string[];
}

/** What an MSSP status means for the flow: still waiting, refused (with the message), or signed. */
export type RemoteOutcome =
  | { kind: 'waiting' }
  | { kind: 'refused'; code: MessageCode }
  | { kind: 'signed'; signed: RemoteSignature };

/** ETSI TS 102 204 status codes: 504 outstanding, 500 signature, 401 cancelled, 208 expired, 402 PIN blocked. */
export function simOutcome(status: MsspStatus): RemoteOutcome {
  if (status.code === 504) return { kind: 'waiting' };
  if (status.code === 401) return { kind: 'refused', code: 'SIM_USER_CANCEL' };
  if (status.code === 208) return { kind: 'refused', code: 'SIM_EXPIRED' };
  if (status.code === 402) return { kind: 'refused', code: 'SIM_PIN_BLOCKED' };
  if (status.code !== 500 || !status.signature || !status.certificate)
    return { kind: 'refused', code: 'REGISTRY_UNAVAILABLE' };
  return {
    kind: 'signed',
    signed: { signature: status.signature, certificate: status.certificate, chain: status.chain ?? [] },
  };
}

/** A signature and certificate that passed {@link verifyRemoteSignature}. */
export interface VerifiedRemoteSignature {
  description: CertificateDescription;
  /** Validated path, leaf → anchor (DER). */
  path: Uint8Array[];
}

/**
 * Checks a signature over `challenge` made by a remote key: the signature with the returned certificate,
 * then the certificate's path to the trusted roots with validity and revocation.
 */
export async function verifyRemoteSignature(
  ctx: PortalContext,
  signed: RemoteSignature & { challenge: string },
): Promise<{ ok: true; verified: VerifiedRemoteSignature } | { ok: false; code: MessageCode }> {
  const certDer = Buffer.from(signed.certificate, 'base64');
  let signatureOk = false;
  try {
    signatureOk = verify(
      'sha256',
      Buffer.from(signed.challenge, 'base64'),
      new X509Certificate(certDer).publicKey,
      Buffer.from(signed.signature, 'base64'),
    );
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return { ok: false, code: 'AUTH_TOKEN_SIGNATURE' };
  if (!ctx.trust) return { ok: false, code: 'METHOD_NOT_AVAILABLE' };
  const path = await validatePath(certDer, {
    trustAnchors: ctx.trust.anchors,
    intermediates: [...signed.chain.map((c) => Buffer.from(c, 'base64')), ...ctx.trust.intermediates],
    time: new Date(ctx.clock()),
    revocation: {
      ...(ctx.trust.revocationFetch ? { fetch: ctx.trust.revocationFetch } : {}),
      requireRevocationInfo: true,
    },
  });
  if (!path.valid)
    return { ok: false, code: PATH_CODES[path.errors[0]?.code ?? ''] ?? 'CERTIFICATE_UNTRUSTED' };
  return { ok: true, verified: { description: parseCertificate(certDer), path: path.path } };
}

/**
 * Checks a signature over the flow's challenge made by a remote key (SIM or remote-signing provider): the
 * signature with the returned certificate, the certificate's path to the trusted roots with validity and
 * revocation, the identity for the flow's subject, and that no account has it yet.
 */
export async function acceptSignedChallenge(
  ctx: PortalContext,
  flow: RegistrationFlow,
  signed: RemoteSignature & { challenge: string },
): Promise<{ ok: true; info: UsbCertificateInfo } | { ok: false; code: MessageCode }> {
  const checked = await verifyRemoteSignature(ctx, signed);
  if (!checked.ok) return checked;
  const { description, path } = checked.verified;
  const identity = subjectIdentity(
    ctx,
    flow.subject,
    { description, subjectType: description.subjectType, identifiers: description.identifiers },
    path,
  );
  if (!identity.ok) return identity;
  const info = identity.info;
  const taken = await ctx.db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', info.username)
    .executeTakeFirst();
  if (taken) return { ok: false, code: info.idType === 'MST' ? 'USB_ACCOUNT_EXISTS_MST' : 'ACCOUNT_EXISTS' };
  return { ok: true, info };
}
