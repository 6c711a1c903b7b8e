/**
 * RFC 5280 §6.1 basic path processing over one candidate path (without revocation):
 * signatures, validity, name chaining, basic constraints and path length (self-issued
 * intermediates not counted), key usage, unknown critical extensions, name constraints and
 * certificate policies. Every problem is collected; nothing stops at the first.
 */

import type { KeyUsageName } from '../cert/oidNames.js';
import { bytesToHex } from '../encoding/index.js';
import { NameConstraintState } from './nameConstraints.js';
import { type PathProblem, pathProblem } from './pathProblems.js';
import { PolicyProcessor, type PolicySettings } from './policyTree.js';
import {
  dsaParamsOf,
  isDsaKeyWithoutParams,
  type SignatureVerdict,
  verifyCertificateSignature,
} from './signatureCheck.js';
import { OID, type TrustCertificate } from './trustCertificate.js';

export interface PathCheckOptions {
  time: Date;
  policy?: PolicySettings;
  requiredKeyUsage?: KeyUsageName[];
  requiredExtendedKeyUsage?: string[];
}

export interface PathCheckResult {
  errors: PathProblem[];
  warnings: PathProblem[];
}

/**
 * Verdicts are pure functions of the two certificates (and inherited DSA parameters), so they are
 * remembered on the decoded certificate itself (decoded certificates are cached and immutable).
 */
const verdictMemo = new WeakMap<TrustCertificate, Map<string, Promise<SignatureVerdict>>>();

function checkSignature(
  cert: TrustCertificate,
  issuer: TrustCertificate,
  dsaParams: Uint8Array | undefined,
): Promise<SignatureVerdict> {
  let memo = verdictMemo.get(cert);
  if (!memo) {
    memo = new Map();
    verdictMemo.set(cert, memo);
  }
  const key = dsaParams ? `${issuer.id}|${bytesToHex(dsaParams)}` : issuer.id;
  let p = memo.get(key);
  if (!p) {
    p = verifyCertificateSignature(cert, issuer.publicKey, dsaParams);
    memo.set(key, p);
  }
  return p;
}

/**
 * Checks `certificates` (leaf → … → top). With `anchored`, the last element is the trust anchor
 * (name and key trusted, its own constraints not enforced); otherwise the chain is incomplete and
 * the top certificate's signature cannot be checked.
 */
export async function checkPath(
  certificates: TrustCertificate[],
  options: PathCheckOptions,
  anchored = true,
): Promise<PathCheckResult> {
  const errors: PathProblem[] = [];
  const warnings: PathProblem[] = [];
  const time = options.time.getTime();
  const anchor = anchored ? certificates[certificates.length - 1]! : undefined;
  const chain = anchored ? certificates.slice(0, -1) : certificates;
  const n = chain.length;
  if (anchor && (anchor.notBefore.getTime() > time || anchor.notAfter.getTime() < time)) {
    warnings.push(pathProblem('ANCHOR_EXPIRED', certificates.length - 1));
  }
  if (n === 0) return { errors, warnings };

  const policy = new PolicyProcessor(n, options.policy);
  const names = new NameConstraintState();
  let maxPathLength = n;
  let dsaParams = anchor ? dsaParamsOf(anchor.publicKey) : undefined;

  const signatureChecks: Promise<void>[] = [];
  for (let i = 1; i <= n; i++) {
    const index = n - i;
    const cert = chain[index]!;
    const issuer = index + 1 < certificates.length ? certificates[index + 1] : undefined;
    const isLeaf = i === n;

    if (issuer) {
      const inherited = dsaParams;
      signatureChecks.push(
        checkSignature(cert, issuer, inherited).then((v) => {
          if (v === 'unsupported') errors.push(pathProblem('SIGNATURE_ALGORITHM_UNSUPPORTED', index));
          else if (v === 'invalid') errors.push(pathProblem('SIGNATURE_INVALID', index));
        }),
      );
      if (cert.issuer.key !== issuer.subject.key) errors.push(pathProblem('NAME_CHAINING', index));
    }
    if (cert.notBefore.getTime() > time) errors.push(pathProblem('NOT_YET_VALID', index));
    if (cert.notAfter.getTime() < time) errors.push(pathProblem('EXPIRED', index));
    if (cert.malformedExtensions.length > 0)
      errors.push(
        pathProblem('MALFORMED_CERTIFICATE', index, `extensions ${cert.malformedExtensions.join(', ')}`),
      );
    if (cert.unknownCriticalExtensions.length > 0)
      errors.push(
        pathProblem('UNKNOWN_CRITICAL_EXTENSION', index, cert.unknownCriticalExtensions.join(', ')),
      );

    if (!(cert.selfIssued && !isLeaf)) {
      const violations = names.violations(cert);
      if (violations.length > 0) errors.push(pathProblem('NAME_CONSTRAINTS', index, violations.join('; ')));
    }
    policy.processCertificate(cert, i);

    const ownParams = dsaParamsOf(cert.publicKey);
    if (ownParams) dsaParams = ownParams;
    else if (!isDsaKeyWithoutParams(cert.publicKey)) dsaParams = undefined;

    if (!isLeaf) {
      policy.prepareNext(cert, i);
      names.add(cert);
      if (cert.basicConstraints?.ca !== true) errors.push(pathProblem('NOT_A_CA', index));
      if (!cert.selfIssued) {
        if (maxPathLength <= 0) errors.push(pathProblem('PATH_LENGTH_EXCEEDED', index));
        else maxPathLength--;
      }
      const pathLen = cert.basicConstraints?.pathLen;
      if (pathLen !== undefined && pathLen < maxPathLength) maxPathLength = pathLen;
      if (cert.keyUsage && !cert.keyUsage.has('keyCertSign'))
        errors.push(pathProblem('KEY_USAGE', index, 'keyCertSign not allowed'));
    } else {
      const [policyFailure] = policy.wrapUp(cert).failures;
      if (policyFailure) errors.push(pathProblem('POLICY', n - policyFailure.position, policyFailure.detail));
      const missing = (options.requiredKeyUsage ?? []).filter((u) => cert.keyUsage && !cert.keyUsage.has(u));
      if (missing.length > 0)
        errors.push(pathProblem('KEY_USAGE', index, `${missing.join(', ')} not allowed`));
      const eku = cert.extKeyUsage;
      const ekuMissing = (options.requiredExtendedKeyUsage ?? []).filter(
        (p) => eku && !eku.includes(p) && !eku.includes(OID.anyExtendedKeyUsage),
      );
      if (ekuMissing.length > 0)
        errors.push(pathProblem('EXTENDED_KEY_USAGE', index, `${ekuMissing.join(', ')} not allowed`));
    }
  }
  await Promise.all(signatureChecks);
  errors.sort((a, b) => (a.certIndex ?? -1) - (b.certIndex ?? -1));
  return { errors, warnings };
}
