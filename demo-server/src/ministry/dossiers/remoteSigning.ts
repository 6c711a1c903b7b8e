/**
 * SIM ký số (MSSP) and remote signature (/rs) of a declaration: the server builds the CAdES signed
 * attributes itself (`prepareCms`), sends their digest, the citizen approves on the phone or in the app, and
 * the server completes the CMS (`finish`) when its waiting page polls. The MSSP returns the SIM's certificate
 * only with a signature, so a first SIM signature takes two approvals: a challenge (certificate and
 * possession, and an early check that the SIM is the account holder's), then the signed attributes; later
 * ones reuse the certificate of the account's last completed SIM signature with that number. The
 * remote-signing provider gives the certificate up front (`credentials/info`): one approval.
 *
 * The completed CMS then goes through `acceptSignature` (signatureAcceptance.ts) like a USB-token one.
 */
import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
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
  const signingTime = Math.floor(ctx.host.now() / 1000) * 1000;
  const prepared = await prepareFor(dossier, certificate, chain, signingTime);
  const toBeSigned = Buffer.from(prepared.toBeSignedDigest).toString('base64');
  const code = codeOf(toBeSigned);
  const procedure = PROCEDURES[dossier.procedureCode];
  const r = await ctx.systems.msspSign({
    msisdn,
    dataToBeSigned: toBeSigned,
    dataToBeDisplayed: `Bộ Công an: ký tờ khai "${procedure.name.vi}", hồ sơ ${dossier.reference}. Mã kiểm tra: ${code}`,
    apTransId: dossier.id,
  });
  if (!r.ok) return { ok: false, code: failureCode(r.failure) };
  return {
    ok: true,
    fields: { transactionId: r.value.msspTransId, signingTime, toBeSigned, verificationCode: code },
  };
}

/**
 * SIM ký số. When this account's last finished SIM signature with this number completed a CMS, its
 * certificate (public, still in its validity period) is known: one approval, for the signed attributes.
 * Otherwise step 1 of 2: the challenge that reveals the SIM's certificate. (A SIM re-keyed since then makes
 * the signature fail against the old certificate; that attempt ends SIGNING_FAILED, so the next one starts
 * with the challenge again.)
 */
export async function startSimSigning(
  ctx: SigningContext,
  dossier: DossierRow,
  account: MinistryAccountView,
  msisdn: string,
  phone: string,
): Promise<{ ok: true; signing: SigningRow } | { ok: false; code: PageMessageCode }> {
  const base = {
    dossierId: dossier.id,
    method: 'sim' as const,
    phone,
    outcome: null,
    createdAt: ctx.host.now(),
  };
  const last = await ctx.store.lastFinishedSimSigning(account.id, phone);
  if (last?.outcome === 'SIGNED' && last.certificate && last.chain) {
    const known = parseCertificate(last.certificate);
    if (
      known.notAfter.getTime() > ctx.host.now() &&
      certificateNamesHolder(known, acceptedSignerIds(account))
    ) {
      const chain = JSON.parse(last.chain) as string[];
      const sent = await requestSimSignature(ctx, dossier, msisdn, last.certificate, chain);
      if (!sent.ok) return sent;
      const signing = await ctx.store.addSigning({
        ...base,
        ...sent.fields,
        step: 'signature',
        challenge: null,
        certificate: last.certificate,
        chain: last.chain,
      });
      return { ok: true, signing };
    }
  }
  const challenge = randomBytes(32);
  const digest = createHash('sha256').update(challenge).digest('base64');
  const code = codeOf(digest);
  const r = await ctx.systems.msspSign({
    msisdn,
    dataToBeSigned: digest,
    dataToBeDisplayed: `Bộ Công an: cho phép dùng chứng thư số để ký hồ sơ ${dossier.reference}. Mã kiểm tra: ${code}`,
    apTransId: dossier.id,
  });
  if (!r.ok) return { ok: false, code: failureCode(r.failure) };
  const signing = await ctx.store.addSigning({
    ...base,
    step: 'certificate',
    transactionId: r.value.msspTransId,
    challenge: challenge.toString('base64'),
    certificate: null,
    chain: null,
    signingTime: null,
    toBeSigned: null,
    verificationCode: code,
  });
  return { ok: true, signing };
}

/** Remote signature: the credential's certificate, the prepared signed attributes, the request to the app. */
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
  if (!certificateNamesHolder(parseCertificate(certs.certificate), acceptedSignerIds(account)))
    return { ok: false, code: 'SIGNATURE_REFUSED' };
  const signingTime = Math.floor(ctx.host.now() / 1000) * 1000;
  const prepared = await prepareFor(dossier, certs.certificate, certs.chain, signingTime);
  const toBeSigned = Buffer.from(prepared.toBeSignedDigest).toString('base64');
  const code = codeOf(toBeSigned);
  const procedure = PROCEDURES[dossier.procedureCode];
  const r = await ctx.systems.rsSignHash({
    credentialId,
    hashes: [toBeSigned],
    description: `Bộ Công an — ký tờ khai "${procedure.name.vi}", hồ sơ ${dossier.reference}. Mã kiểm tra: ${code}`,
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
    signingTime,
    toBeSigned,
    verificationCode: code,
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

function challengeSignedBy(certificate: string, challenge: string, signature: string): boolean {
  try {
    return verify(
      'sha256',
      Buffer.from(challenge, 'base64'),
      new X509Certificate(Buffer.from(certificate, 'base64')).publicKey,
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

async function fail(ctx: SigningContext, s: SigningRow, code: PageMessageCode): Promise<PollOutcome> {
  await ctx.store.updateSigning(s.id, { step: s.step, transactionId: s.transactionId }, { outcome: code });
  return { state: 'refused', code };
}

/**
 * Asks the MSSP or the provider where the pending signature is, and moves it on: SIM step 1 signed → check
 * the challenge and the holder, prepare the CMS, send step 2; signature signed → the completed CMS.
 */
export async function pollSigning(
  ctx: SigningContext,
  dossier: DossierRow,
  account: MinistryAccountView,
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
  if (s.step === 'certificate') {
    if (!st.certificate || !s.challenge || !challengeSignedBy(st.certificate, s.challenge, st.signature))
      return fail(ctx, s, 'SIGNING_FAILED');
    if (!certificateNamesHolder(parseCertificate(st.certificate), acceptedSignerIds(account))) {
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
      return fail(ctx, s, 'SIGNATURE_REFUSED');
    }
    const sent = await requestSimSignature(
      ctx,
      dossier,
      `84${(s.phone ?? '').slice(1)}`,
      st.certificate,
      st.chain,
    );
    if (!sent.ok) return fail(ctx, s, sent.code);
    const next: Partial<SigningRow> = {
      ...sent.fields,
      step: 'signature',
      certificate: st.certificate,
      chain: JSON.stringify(st.chain),
    };
    if (!(await ctx.store.updateSigning(s.id, { step: 'certificate', transactionId: s.transactionId }, next)))
      return { state: 'waiting', signing: (await ctx.store.currentSigning(dossier.id)) ?? s };
    return { state: 'waiting', signing: { ...s, ...next } as SigningRow };
  }
  if (!s.certificate || !s.chain || s.signingTime === null || !s.toBeSigned)
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
