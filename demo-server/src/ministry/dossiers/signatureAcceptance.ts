/**
 * Accepting a dossier's signature, whatever made it (USB token in the page, SIM, remote signature): the full
 * verification of the CMS over the stored declaration (`verifyDossierSignature`); only a valid signature of
 * the account holder stores the CMS and moves the draft to `received`, with the trail, the audit entry and
 * the notice. A refusal is written to the trail and the audit log; nothing is stored as accepted.
 */
import type { FastifyRequest } from 'fastify';
import { type NationalSystems, simulatorsClient } from '../../portal/externals/simulatorsClient.js';
import type { DossierHost, MinistryAccountView } from './dossierHost.js';
import type { PageMessageCode } from './dossierMessages.js';
import type { DossierRow, DossierStore, SignatureMethod } from './dossierStore.js';
import { PROCEDURES } from './procedures.js';
import {
  acceptedSignerIds,
  type DossierVerificationReport,
  verifyDossierSignature,
} from './signatureVerification.js';

export interface SigningContext {
  host: DossierHost;
  store: DossierStore;
  systems: NationalSystems;
  /** `POST /rs/credentials/info`: the credential's certificate and chain (base64 DER). */
  credentialCertificates(credentialId: string): Promise<{ certificate: string; chain: string[] } | null>;
}

export function createSigningContext(
  host: DossierHost,
  store: DossierStore,
  timeoutMs = 5000,
): SigningContext {
  const base = host.simulatorsUrl.replace(/\/+$/, '');
  return {
    host,
    store,
    systems: simulatorsClient({ baseUrl: base, timeoutMs }),
    async credentialCertificates(credentialId) {
      try {
        const res = await fetch(`${base}/rs/credentials/info`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ credentialId }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) return null;
        const body = (await res.json()) as { cert?: { certificates?: unknown } };
        const certs = body.cert?.certificates;
        if (!Array.isArray(certs) || !certs.every((c) => typeof c === 'string') || certs.length === 0)
          return null;
        return { certificate: certs[0] as string, chain: certs.slice(1) as string[] };
      } catch {
        return null;
      }
    },
  };
}

export type AcceptOutcome =
  | { ok: true; report: DossierVerificationReport }
  | { ok: false; report: DossierVerificationReport | null; code: PageMessageCode };

/** Verifies `cms` over the dossier's declaration; stores it and moves the dossier to `received` when valid. */
export async function acceptSignature(
  ctx: SigningContext,
  req: FastifyRequest,
  dossier: DossierRow,
  account: MinistryAccountView,
  method: SignatureMethod,
  cms: Uint8Array,
): Promise<AcceptOutcome> {
  const { host, store } = ctx;
  const now = host.now();
  const report = await verifyDossierSignature({
    declaration: new TextEncoder().encode(dossier.declaration),
    cms,
    trust: host.trust,
    time: new Date(now),
    expectedSigner: acceptedSignerIds(account),
  });
  if (!report.valid) {
    const codes = report.errors.map((e) => e.code);
    await store.addEvent({
      dossierId: dossier.id,
      at: now,
      actor: 'system',
      actorName: null,
      kind: 'signatureRefused',
      fromStatus: 'draft',
      toStatus: 'draft',
      note: `${method}: ${codes.join(', ')}`,
    });
    await host.audit(req, 'dossier.signatureRefused', account.id, {
      dossier: dossier.reference,
      method,
      codes,
    });
    return { ok: false, report, code: 'SIGNATURE_REFUSED' };
  }
  const signerId =
    report.signer?.identifiers.find((i) => ['CCCD', 'CMND', 'MST'].includes(i.type))?.value ??
    account.idNumber;
  const accepted = await store.accept(dossier.id, {
    method,
    cms: Buffer.from(cms).toString('base64'),
    signerId,
    signerName: report.signer?.name ?? '',
    at: now,
  });
  if (!accepted) return { ok: false, report, code: 'NOT_A_DRAFT' };
  await store.addEvent({
    dossierId: dossier.id,
    at: now,
    actor: 'citizen',
    actorName: account.fullName,
    kind: 'submitted',
    fromStatus: 'draft',
    toStatus: 'received',
    note: method,
  });
  await host.audit(req, 'dossier.submitted', account.id, { dossier: dossier.reference, method });
  const procedure = PROCEDURES[dossier.procedureCode];
  await host.notify(
    account.id,
    `Hồ sơ ${dossier.reference} đã được tiếp nhận / Dossier received`,
    `Hồ sơ "${procedure.name.vi}" (mã ${dossier.reference}) đã được ký số và tiếp nhận. ` +
      `Thời hạn giải quyết: ${procedure.processingDays} ngày làm việc.\n` +
      `Your dossier "${procedure.name.en}" (${dossier.reference}) was signed and received.`,
  );
  return { ok: true, report };
}
