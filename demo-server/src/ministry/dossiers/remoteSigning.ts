/**
 * SIM ký số (MSSP) and remote signature (/rs) of a declaration: the server builds the CAdES signed
 * attributes itself (`prepareCms`), sends their digest, the citizen approves on the phone or in the app, and
 * the server completes the CMS (`finish`) when its waiting page polls. Both give the certificate up front —
 * the MSSP's profile query by MSISDN, the remote-signing provider's `credentials/info` — so the citizen
 * approves once, and a certificate that does not name the account holder is refused before anything is
 * sent to the phone or the app. The signature that comes back must verify with that certificate's key.
 *
 * The completed CMS then goes through `acceptSignature` (signatureAcceptance.ts) like a USB-token one.
 */
import { parseCertificate, prepareCms } from '@kyso/lib';
import { verificationCode } from '../../portal/flows/simRegistration.js';
import type { MinistryAccountView } from './dossierHost.js';
import { PAGE_MESSAGES, type PageMessageCode } from './dossierMessages.js';
import type { DossierRow, SigningRow } from './dossierStore.js';
import { PROCEDURES } from './procedures.js';
import type { SigningContext } from './signatureAcceptance.js';
import { acceptedSignerIds, certificateNamesHolder, SIGNER_MISMATCH } from './signatureVerification.js';

/** The digest the citizen approves, shown as a 4-digit code on both screens. */
function codeOf(b64Digest: string): string {
  return verificationCode(Buffer.from(b64Digest, 'base64'));
}

const failureCode = (failure: string): PageMessageCode =>
  failure === 'notFound' ? 'SIM_NOT_SUBSCRIBED' : 'SIGNING_UNAVAILABLE';

async function prepareFor(dossier: DossierRow, certificate: string, chain: string[], signingTime: number) {
  return prepareCms({
    content: new TextEncoder().encode(dossier.declaration),
    detached: true,
    certificate,
    chain,
    signingTime: new Date(signingTime),
  });
}

/**
 * What the citizen approves, prepared now (whole seconds) on `certificate`: the signed attributes' digest
 * (base64) with its check code, and the words the phone or the app shows with it.
 */
async function approvalRequest(
  ctx: SigningContext,
  dossier: DossierRow,
  certificate: string,
  chain: string[],
): Promise<{ fields: { signingTime: number; toBeSigned: string; verificationCode: string }; what: string }> {
  const signingTime = Math.floor(ctx.host.now() / 1000) * 1000;
  const prepared = await prepareFor(dossier, certificate, chain, signingTime);
  const toBeSigned = Buffer.from(prepared.toBeSignedDigest).toString('base64');
  const code = codeOf(toBeSigned);
  const procedure = PROCEDURES[dossier.procedureCode];
  return {
    fields: { signingTime, toBeSigned, verificationCode: code },
    what: `ký tờ khai "${procedure.name.vi}", hồ sơ ${dossier.reference}. Mã kiểm tra: ${code}`,
  };
}

/**
 * Signing requests (to a phone or an app) an account may send per hour: each one makes someone's phone ring,
 * and the phone number is typed by the citizen, so a stranger's number must not be flooded.
 */
export const SIGNING_REQUESTS_PER_HOUR = 10;

/** Whether the account may send one more SIM or remote signing request now. */
export async function mayRequestSignature(ctx: SigningContext, accountId: string): Promise<boolean> {
  const since = ctx.host.now() - 3_600_000;
  return (await ctx.store.signingRequestsSince(accountId, since)) < SIGNING_REQUESTS_PER_HOUR;
}

/** The request for step 2 of a SIM signature: the prepared signed attributes' digest, sent to the phone. */
async function requestSimSignature(
  ctx: SigningContext,
  dossier: DossierRow,
  msisdn: string,
  certificate: string,
  chain: string[],
): Promise<
  | {
      ok: true;
      fields: Pick<SigningRow, 'transactionId' | 'signingTime' | 'toBeSigned' | 'verificationCode'>;
    }
  | { ok: false; code: PageMessageCode }
> {
  const { fields, what } = await approvalRequest(ctx, dossier, certificate, chain);
  const r = await ctx.systems.msspSign({
    msisdn,
    dataToBeSigned: fields.toBeSigned,
    dataToBeDisplayed: `Bộ Công an: ${what}`,
    apTransId: dossier.id,
  });
  if (!r.ok) return { ok: false, code: failureCode(r.failure) };
  return { ok: true, fields: { transactionId: r.value.msspTransId, ...fields } };
}

/**
 * The certificate, if it parses and `now` is in its validity period — notBefore through notAfter inclusive
 * (RFC 5280 §4.1.2.5, as lib's path validation has it).
 */
function currentCertificate(b64: string, now: number): ReturnType<typeof parseCertificate> | undefined {
  try {
    const c = parseCertificate(b64);
    return c.notBefore.getTime() <= now && now <= c.notAfter.getTime() ? c : undefined;
  } catch {
    return undefined;
  }
}

/**
 * SIM ký số, one approval: the MSSP's profile gives the SIM's certificate, which must be current and name the
 * account holder (else the attempt is refused before the phone rings); the signed attributes are prepared
 * with it and their digest goes to the phone.
 */
export async function startSimSigning(
  ctx: SigningContext,
  dossier: DossierRow,
  account: MinistryAccountView,
  msisdn: string,
  phone: string,
): Promise<{ ok: true; signing: SigningRow } | { ok: false; code: PageMessageCode }> {
  const profile = await ctx.systems.msspProfile(msisdn);
  if (!profile.ok) return { ok: false, code: failureCode(profile.failure) };
  const { certificate, chain = [] } = profile.value;
  if (profile.value.code !== 100 || !certificate) return { ok: false, code: 'SIM_NO_CERTIFICATE' };
  const parsed = currentCertificate(certificate, ctx.host.now());
  if (!parsed) return { ok: false, code: 'SIM_NO_CERTIFICATE' };
  if (!certificateNamesHolder(parsed, acceptedSignerIds(account))) {
    await ctx.store.addEvent({
      dossierId: dossier.id,
      at: ctx.host.now(),
      actor: 'system',
      actorName: null,
      kind: 'signatureRefused',
      fromStatus: 'draft',
      toStatus: 'draft',
      note: `sim: ${SIGNER_MISMATCH.code}`,
    });
    return { ok: false, code: 'SIGNATURE_REFUSED' };
  }
  const sent = await requestSimSignature(ctx, dossier, msisdn, certificate, chain);
  if (!sent.ok) return sent;
  const signing = await ctx.store.addSigning({
    dossierId: dossier.id,
    method: 'sim',
    step: 'signature',
    phone,
    ...sent.fields,
    challenge: null,
    certificate,
    chain: JSON.stringify(chain),
    outcome: null,
    createdAt: ctx.host.now(),
  });
  return { ok: true, signing };
}

/**
 * Remote signature: the credential's certificate (current and naming the account holder, else refused
 * before the app is asked), the prepared signed attributes, the request to the app.
 */
export async function startRemoteSigning(
  ctx: SigningContext,
  dossier: DossierRow,
  account: MinistryAccountView,
): Promise<{ ok: true; signing: SigningRow } | { ok: false; code: PageMessageCode }> {
  const list = await ctx.systems.rsCredentials(account.idNumber);
  if (!list.ok) return { ok: false, code: 'SIGNING_UNAVAILABLE' };
  const credentialId = list.value[0];
  if (!credentialId) return { ok: false, code: 'RS_NO_CREDENTIAL' };
  const certs = await ctx.credentialCertificates(credentialId);
  if (!certs) return { ok: false, code: 'SIGNING_UNAVAILABLE' };
  // An expired or not yet valid certificate would be refused only after the citizen approved in the app.
  const parsed = currentCertificate(certs.certificate, ctx.host.now());
  if (!parsed) return { ok: false, code: 'RS_NO_VALID_CERTIFICATE' };
  if (!certificateNamesHolder(parsed, acceptedSignerIds(account)))
    return { ok: false, code: 'SIGNATURE_REFUSED' };
  const { fields, what } = await approvalRequest(ctx, dossier, certs.certificate, certs.chain);
  const r = await ctx.systems.rsSignHash({
    credentialId,
    hashes: [fields.toBeSigned],
    description: `Bộ Công an — ${what}`,
  });
  if (!r.ok) return { ok: false, code: 'SIGNING_UNAVAILABLE' };
  const signing = await ctx.store.addSigning({
    dossierId: dossier.id,
    method: 'remote',
    step: 'signature',
    phone: null,
    transactionId: r.value.transactionId,
    challenge: null,
    certificate: certs.certificate,
    chain: JSON.stringify(certs.chain),
    ...fields,
    outcome: null,
    createdAt: ctx.host.now(),
  });
  return { ok: true, signing };
}

export type PollOutcome =
  | { state: 'waiting'; signing: SigningRow }
  | { state: 'refused'; code: PageMessageCode }
  | { state: 'signed'; cms: Uint8Array };

type Remote =
  | { kind: 'waiting' }
  | { kind: 'failed'; code: PageMessageCode }
  | {
      kind: 'signed';
      signature: string;
      certificate: string | null;
      chain: string[];
    };

async function remoteStatus(ctx: SigningContext, s: SigningRow): Promise<Remote> {
  if (s.method === 'sim') {
    const r = await ctx.systems.msspStatus(s.transactionId);
    if (!r.ok) return { kind: 'failed', code: 'SIGNING_UNAVAILABLE' };
    const v = r.value;
    if (v.code === 504) return { kind: 'waiting' };
    if (v.code === 401) return { kind: 'failed', code: 'SIGNING_CANCELLED' };
    if (v.code === 208) return { kind: 'failed', code: 'SIGNING_EXPIRED' };
    if (v.code === 402) return { kind: 'failed', code: 'SIGNING_KEY_BLOCKED' };
    if (v.code !== 500 || !v.signature) return { kind: 'failed', code: 'SIGNING_FAILED' };
    return {
      kind: 'signed',
      signature: v.signature,
      certificate: v.certificate ?? null,
      chain: v.chain ?? [],
    };
  }
  const r = await ctx.systems.rsStatus(s.transactionId);
  if (!r.ok) return { kind: 'failed', code: 'SIGNING_UNAVAILABLE' };
  const v = r.value;
  if (v.status === 4000) return { kind: 'waiting' };
  if (v.status === 4002) return { kind: 'failed', code: 'SIGNING_CANCELLED' };
  if (v.status === 4001) return { kind: 'failed', code: 'SIGNING_EXPIRED' };
  if (v.status === 4003) return { kind: 'failed', code: 'SIGNING_KEY_BLOCKED' };
  const signature = v.signatures?.[0];
  if (v.status !== 1 || !signature) return { kind: 'failed', code: 'SIGNING_FAILED' };
  return { kind: 'signed', signature, certificate: v.certificate ?? null, chain: v.chain ?? [] };
}

async function fail(ctx: SigningContext, s: SigningRow, code: PageMessageCode): Promise<PollOutcome> {
  await ctx.store.updateSigning(s.id, { step: s.step, transactionId: s.transactionId }, { outcome: code });
  return { state: 'refused', code };
}

/**
 * Asks the MSSP or the provider where the pending signature is; once signed, the completed CMS (the signature
 * must verify with the certificate the signed attributes name).
 */
export async function pollSigning(
  ctx: SigningContext,
  dossier: DossierRow,
  s: SigningRow,
): Promise<PollOutcome> {
  // An ended attempt: its refusal, or — marked SIGNED while the dossier is still a draft — a CMS that failed
  // verification.
  if (s.outcome)
    return {
      state: 'refused',
      code: Object.hasOwn(PAGE_MESSAGES, s.outcome) ? (s.outcome as PageMessageCode) : 'SIGNATURE_REFUSED',
    };
  const st = await remoteStatus(ctx, s);
  if (st.kind === 'waiting') return { state: 'waiting', signing: s };
  if (st.kind === 'failed') return fail(ctx, s, st.code);
  // The MSSP names the certificate it signed with: it must be the one the signed attributes were built on
  // (a SIM re-keyed since the profile query fails the attempt; the next one reads the new certificate).
  if (st.certificate && st.certificate !== s.certificate) return fail(ctx, s, 'SIGNING_FAILED');
  if (s.step !== 'signature' || !s.certificate || !s.chain || s.signingTime === null || !s.toBeSigned)
    return fail(ctx, s, 'SIGNING_FAILED');
  const prepared = await prepareFor(dossier, s.certificate, JSON.parse(s.chain) as string[], s.signingTime);
  if (Buffer.from(prepared.toBeSignedDigest).toString('base64') !== s.toBeSigned)
    return fail(ctx, s, 'SIGNING_FAILED');
  let cms: Uint8Array;
  try {
    cms = await prepared.finish(Buffer.from(st.signature, 'base64'));
  } catch {
    // The returned signature does not verify with the certificate's key.
    return fail(ctx, s, 'SIGNING_FAILED');
  }
  if (
    !(await ctx.store.updateSigning(
      s.id,
      { step: 'signature', transactionId: s.transactionId },
      { outcome: 'SIGNED' },
    ))
  )
    return { state: 'waiting', signing: s };
  return { state: 'signed', cms };
}
