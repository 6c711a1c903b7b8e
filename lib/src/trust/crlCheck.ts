/**
 * Revocation status from CRLs, following RFC 5280 §6.3: distribution-point and issuing-
 * distribution-point matching, indirect CRLs (cRLIssuer / certificateIssuer), reason masks
 * across several CRLs, delta CRLs (removeFromCRL), freshness and critical extensions.
 */

import {
  ALL_REASONS,
  CRL_REASON_NAMES,
  type CrlEntry,
  type DecodedCrl,
  REMOVE_FROM_CRL,
} from './crlDecode.js';
import { appendRdn, generalNamesEqual, nameDer, type PlainGeneralName } from './generalNames.js';
import type { DistributionPointInfo, TrustCertificate } from './trustCertificate.js';

export interface CrlCheckContext {
  time: Date;
  crls: DecodedCrl[];
  /** True when the CRL's signature is good and its signer is acceptable (cRLSign, path to the same anchor). */
  trustCrl(crl: DecodedCrl, subject: TrustCertificate): Promise<boolean>;
}

export interface CrlStatus {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  reason?: string;
  /** Why the status is unknown, when it is. */
  detail?: string;
}

function dpNames(dp: DistributionPointInfo, cert: TrustCertificate): PlainGeneralName[] {
  if (dp.names) return dp.names;
  if (dp.relative) {
    // Relative to the CRL issuer: the DP's cRLIssuer if it is a directory name, else the certificate issuer.
    const viaCrlIssuer = dp.crlIssuer?.find((x) => x.kind === 'dn');
    const base = viaCrlIssuer?.kind === 'dn' && viaCrlIssuer.der ? viaCrlIssuer.der : cert.issuerDer;
    const n = appendRdn(base, dp.relative);
    return n ? [n] : [];
  }
  return [];
}

function idpNames(crl: DecodedCrl): PlainGeneralName[] {
  const idp = crl.idp;
  if (!idp) return [];
  if (idp.names) return idp.names;
  if (idp.relative) {
    const n = appendRdn(nameDer(crl.pkijs.issuer), idp.relative);
    return n ? [n] : [];
  }
  return [];
}

/** §6.3.3 (b): does this CRL cover this certificate through this distribution point? */
function crlInScope(crl: DecodedCrl, cert: TrustCertificate, dp: DistributionPointInfo | undefined): boolean {
  if (dp?.crlIssuer) {
    const matches = dp.crlIssuer.some((n) => n.kind === 'dn' && n.name.key === crl.issuer.key);
    if (!matches || !crl.idp?.indirectCrl) return false;
  } else if (crl.issuer.key !== cert.issuer.key) {
    return false;
  }
  const idp = crl.idp;
  if (idp) {
    const names = idpNames(crl);
    if (names.length > 0) {
      let candidates: PlainGeneralName[];
      if (dp && (dp.names || dp.relative)) candidates = dpNames(dp, cert);
      else if (dp?.crlIssuer) candidates = dp.crlIssuer;
      else candidates = [{ kind: 'dn', name: cert.issuer }];
      if (!names.some((a) => candidates.some((b) => generalNamesEqual(a, b)))) return false;
    }
    const isCa = cert.basicConstraints?.ca === true;
    if (idp.onlyContainsUserCerts && isCa) return false;
    if (idp.onlyContainsCACerts && !isCa) return false;
    if (idp.onlyContainsAttributeCerts) return false;
  }
  return true;
}

/**
 * A CRL speaks for `time` until its nextUpdate. A CRL issued after `time` is accepted too: when
 * validating at a past signing time, a later CRL is better evidence (entries carry their dates).
 */
function isFresh(crl: DecodedCrl, time: Date): boolean {
  return !crl.nextUpdate || crl.nextUpdate.getTime() >= time.getTime();
}

function entryFor(crl: DecodedCrl, cert: TrustCertificate): CrlEntry | undefined {
  return crl.entries.get(cert.serialHex)?.find((e) => e.certificateIssuerKey === cert.issuer.key);
}

function findDelta(complete: DecodedCrl, ctx: CrlCheckContext): DecodedCrl[] {
  if (complete.crlNumber === undefined) return [];
  return ctx.crls.filter(
    (d) =>
      d.deltaBase !== undefined &&
      d.issuer.key === complete.issuer.key &&
      (d.idp?.scopeKey ?? '') === (complete.idp?.scopeKey ?? '') &&
      d.deltaBase <= complete.crlNumber! &&
      (d.crlNumber === undefined || d.crlNumber > complete.crlNumber!) &&
      isFresh(d, ctx.time) &&
      !d.unusableReason,
  );
}

/** Revocation status of `cert` from the CRLs of the context. */
export async function checkCrls(cert: TrustCertificate, ctx: CrlCheckContext): Promise<CrlStatus> {
  const dps: (DistributionPointInfo | undefined)[] = cert.distributionPoints?.length
    ? cert.distributionPoints
    : [undefined];
  let reasonsMask = 0;
  const notes: string[] = [];
  for (const dp of dps) {
    for (const crl of ctx.crls) {
      if (reasonsMask === ALL_REASONS) break;
      if (crl.deltaBase !== undefined) continue;
      if (!crlInScope(crl, cert, dp)) continue;
      if (!isFresh(crl, ctx.time)) {
        notes.push('CRL out of date');
        continue;
      }
      if (crl.unusableReason) {
        notes.push(crl.unusableReason);
        continue;
      }
      const interim = (crl.idp?.onlySomeReasons ?? ALL_REASONS) & (dp?.reasons ?? ALL_REASONS) & ALL_REASONS;
      if ((interim & ~reasonsMask) === 0) continue;
      if (!(await ctx.trustCrl(crl, cert))) {
        notes.push('CRL signature or signer not acceptable');
        continue;
      }
      const deltas: DecodedCrl[] = [];
      for (const d of findDelta(crl, ctx)) if (await ctx.trustCrl(d, cert)) deltas.push(d);
      let entry: CrlEntry | undefined;
      for (const d of deltas) entry = entryFor(d, cert) ?? entry;
      if (!entry) entry = entryFor(crl, cert);
      if (entry && entry.reason !== REMOVE_FROM_CRL && entry.revocationDate.getTime() <= ctx.time.getTime()) {
        const out: CrlStatus = { status: 'revoked', revokedAt: entry.revocationDate };
        out.reason = CRL_REASON_NAMES[entry.reason ?? 0] ?? `reason ${entry.reason}`;
        return out;
      }
      reasonsMask |= interim;
    }
  }
  if (reasonsMask === ALL_REASONS) return { status: 'good' };
  const detail =
    notes.length > 0 ? notes.join('; ') : reasonsMask ? 'CRLs cover only some reasons' : 'no CRL';
  return { status: 'unknown', detail };
}
