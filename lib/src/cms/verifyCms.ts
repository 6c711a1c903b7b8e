/**
 * CMS SignedData / CAdES-B-B verification: for each signer, content integrity (messageDigest),
 * signature, signingCertificateV2 binding, key usage, certification path and revocation (trust module)
 * and the signer's Vietnamese identity (cert module). Every problem is listed, not just the first.
 *
 * Validation time: `options.time` if given, else now. The signingTime attribute is a claim of the
 * signer, not evidence (CAdES-B-B has no timestamp), so it is only used when the caller opts in with
 * `trustSigningTime` (for example after checking a timestamp elsewhere); a claimed time outside the
 * certificate's validity is reported as a warning either way.
 */

import { decodeTime } from '../cert/certificateStructure.js';
import { decodeOidContents, readTlv } from '../cert/derReader.js';
import { type CertificateFields, certificateFields } from '../crypto/certificateFields.js';
import { digest, type HashAlgorithm, hashFromOid } from '../crypto/hashAlgorithms.js';
import { verifySignature } from '../crypto/publicKeys.js';
import {
  parseSignatureAlgorithm,
  readAlgorithmIdentifier,
  type SignatureAlgorithm,
  UnsupportedAlgorithmError,
} from '../crypto/signatureAlgorithms.js';
import { type BinaryInput, bytesEqual, bytesToHex, toDer, toDerList } from '../encoding/binaryInput.js';
import type { SignatureScheme } from '../protocol/hostMessages.js';
import { KysoError } from '../protocol/kysoError.js';
import { CMS_ISSUE_MESSAGES, type CmsIssueCode, type LocalizedText } from './cmsIssues.js';
import { CMS_OID } from './cmsOids.js';
import {
  CmsFormatError,
  type ParsedAttribute,
  type ParsedSignerInfo,
  parseSignedData,
} from './signedDataParser.js';
import {
  type CertificateDescription,
  checkCertificateTrust,
  describeCertificate,
  type PathValidationResult,
  type RevocationOptions,
  type RevocationStatus,
} from './signerCertificate.js';
import { checkSigningCertificateV2 } from './signingCertificateV2.js';

/** The signingTime attribute value (UTCTime or GeneralizedTime), or undefined when malformed. */
function signingTimeOf(value: Uint8Array): Date | undefined {
  try {
    const t = readTlv(value);
    return t.end === value.length ? decodeTime(value, t, 'signingTime') : undefined;
  } catch {
    return undefined;
  }
}
export interface VerifyCmsOptions {
  /** The signed document, for detached signatures (or to compare with the attached one). */
  content?: Uint8Array;
  trustAnchors: BinaryInput[];
  intermediates?: BinaryInput[];
  /** Validation time; default now. */
  time?: Date;
  /** Validate the path at the signer's claimed signingTime (when present and `time` is not given). */
  trustSigningTime?: boolean;
  revocation?: RevocationOptions;
}

export interface CmsIssue {
  /** A CmsIssueCode, or a trust path problem code for path/revocation problems. */
  code: CmsIssueCode | PathValidationResult['errors'][number]['code'];
  message: LocalizedText;
  /** Index of the signer concerned. */
  signer?: number;
  detail?: string;
}

export interface CmsSignerResult {
  /** RFC 4514 subject of the signer certificate; empty when the certificate is missing. */
  subject: string;
  identifiers: CertificateDescription['identifiers'];
  subjectType: CertificateDescription['subjectType'] | null;
  /** Signer certificate DER. */
  certificate?: Uint8Array;
  description?: CertificateDescription;
  signingTime?: Date;
  hashAlgorithm?: HashAlgorithm;
  scheme?: SignatureScheme;
  /** The messageDigest attribute matches the content. */
  integrity: boolean;
  signatureValid: boolean;
  /** signingCertificateV2 present and naming the signer certificate. */
  signingCertificateV2Match: boolean;
  /** The time the path was validated at. */
  validationTime: Date;
  path?: PathValidationResult;
  revocation: RevocationStatus;
  valid: boolean;
  errors: CmsIssue[];
  warnings: CmsIssue[];
}

export interface CmsVerification {
  valid: boolean;
  signers: CmsSignerResult[];
  /** Every error, top-level and per signer. */
  errors: CmsIssue[];
  warnings: CmsIssue[];
  /** The encapsulated content, when attached. */
  content?: Uint8Array;
}

function issue(code: CmsIssueCode, signer?: number, detail?: string): CmsIssue {
  return {
    code,
    message: CMS_ISSUE_MESSAGES[code],
    ...(signer === undefined ? {} : { signer }),
    ...(detail === undefined ? {} : { detail }),
  };
}

function checkOptions(options: VerifyCmsOptions): void {
  if (!options || typeof options !== 'object') throw new KysoError('INVALID_REQUEST', 'options are required');
  if (!Array.isArray(options.trustAnchors) || options.trustAnchors.length === 0)
    throw new KysoError('INVALID_REQUEST', 'trustAnchors must list at least one certificate');
  assertReadableTrustAnchors(options.trustAnchors);
  if (options.content !== undefined && !(options.content instanceof Uint8Array))
    throw new KysoError('INVALID_REQUEST', 'content must be bytes');
  if (options.time !== undefined && !(options.time instanceof Date && !Number.isNaN(options.time.getTime())))
    throw new KysoError('INVALID_REQUEST', 'time must be a valid Date');
}

/** Unreadable trust anchors are a configuration error, reported to the caller (not a signature problem). */
export function assertReadableTrustAnchors(anchors: BinaryInput[]): void {
  for (const anchor of anchors) {
    try {
      for (const der of toDerList(anchor, 'CERTIFICATE')) describeCertificate(der);
    } catch (e) {
      throw new KysoError(
        'INVALID_REQUEST',
        `unreadable trust anchor: ${e instanceof Error ? e.message : ''}`,
      );
    }
  }
}

function malformedResult(detail: string): CmsVerification {
  const e = issue('CMS_MALFORMED', undefined, detail);
  return { valid: false, signers: [], errors: [e], warnings: [] };
}

/** Verifies a CMS ContentInfo (DER/BER bytes, PEM "CMS"/"PKCS7" or base64). Never throws for bad CMS. */
export async function verifyCms(cms: BinaryInput, options: VerifyCmsOptions): Promise<CmsVerification> {
  checkOptions(options);
  let der: Uint8Array;
  try {
    der = toDer(cms);
  } catch (e) {
    return malformedResult(e instanceof Error ? e.message : 'unreadable');
  }
  let parsed: ReturnType<typeof parseSignedData>;
  try {
    parsed = parseSignedData(der);
  } catch (e) {
    return malformedResult(e instanceof CmsFormatError ? e.message : 'unreadable');
  }
  const errors: CmsIssue[] = [];
  const warnings: CmsIssue[] = [];
  let content = parsed.eContent ?? options.content;
  if (parsed.eContent && options.content && !bytesEqual(parsed.eContent, options.content)) {
    errors.push(issue('CMS_CONTENT_MISMATCH'));
    content = undefined;
  } else if (!content) errors.push(issue('CMS_CONTENT_MISSING'));
  if (parsed.signerInfos.length === 0) errors.push(issue('CMS_NO_SIGNERS'));

  const embedded: CertificateFields[] = [];
  for (const c of parsed.certificates) {
    try {
      embedded.push(certificateFields(c));
    } catch {
      warnings.push(
        issue('CMS_MALFORMED', undefined, 'an embedded certificate is unreadable and was ignored'),
      );
    }
  }
  const extra: CertificateFields[] = [];
  for (const c of options.intermediates ?? []) {
    try {
      extra.push(certificateFields(toDer(c, 'CERTIFICATE')));
    } catch {
      throw new KysoError('INVALID_REQUEST', 'an intermediate certificate is unreadable');
    }
  }
  const ctx: SignerContext = {
    eContentType: parsed.eContentType,
    content,
    candidates: [...embedded, ...extra],
    options,
    contentDigests: new Map(),
  };
  const signers: CmsSignerResult[] = [];
  for (const [i, si] of parsed.signerInfos.entries()) {
    const result = await verifySigner(si, i, ctx);
    signers.push(result);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
  }
  return {
    valid: errors.length === 0 && signers.length > 0 && signers.every((s) => s.valid),
    signers,
    errors,
    warnings,
    ...(parsed.eContent ? { content: parsed.eContent } : {}),
  };
}

interface SignerContext {
  eContentType: string;
  content: Uint8Array | undefined;
  candidates: CertificateFields[];
  options: VerifyCmsOptions;
  contentDigests: Map<HashAlgorithm, Promise<Uint8Array>>;
}

function findSignerCertificate(
  si: ParsedSignerInfo,
  candidates: CertificateFields[],
): CertificateFields | undefined {
  const sid = si.sid;
  if (sid.kind === 'issuerAndSerialNumber')
    return candidates.find(
      (c) => bytesEqual(c.serialNumber, sid.serialNumber) && bytesEqual(c.issuer, sid.issuer),
    );
  const wanted = bytesToHex(sid.keyIdentifier);
  return candidates.find((c) => {
    try {
      return describeCertificate(c.der).subjectKeyIdentifier === wanted;
    } catch {
      return false;
    }
  });
}

/** Embedded certificates the certificate module cannot read are left out of path building. */
function isReadable(c: CertificateFields): boolean {
  try {
    describeCertificate(c.der);
    return true;
  } catch {
    return false;
  }
}

function singleValue(attrs: ParsedAttribute[], oid: string): Uint8Array | 'missing' | 'multiple' {
  const found = attrs.filter((a) => a.oid === oid);
  if (found.length === 0) return 'missing';
  if (found.length > 1 || found[0]!.values.length !== 1) return 'multiple';
  return found[0]!.values[0]!;
}

function primitive(value: Uint8Array, tag: number): Uint8Array | undefined {
  try {
    const el = readTlv(value, 0);
    if (el.tag !== tag || el.end !== value.length) return undefined;
    return value.subarray(el.valueStart, el.end);
  } catch {
    return undefined;
  }
}

async function verifySigner(
  si: ParsedSignerInfo,
  index: number,
  ctx: SignerContext,
): Promise<CmsSignerResult> {
  const errors: CmsIssue[] = [];
  const warnings: CmsIssue[] = [];
  const { options } = ctx;
  let integrity = false;
  let signatureValid = false;
  let signingCertificateV2Match = false;
  let signingTime: Date | undefined;

  // Algorithms.
  let hash: HashAlgorithm | undefined;
  let algorithm: SignatureAlgorithm | undefined;
  try {
    const digestOid = readAlgorithmIdentifier(si.digestAlgorithm).oid;
    hash = hashFromOid(digestOid);
    if (!hash) throw new UnsupportedAlgorithmError(digestOid);
    algorithm = parseSignatureAlgorithm(si.signatureAlgorithm, hash);
    if (algorithm.hash !== hash) throw new UnsupportedAlgorithmError('(digest and signature hashes differ)');
  } catch (e) {
    errors.push(issue('CMS_ALGORITHM_UNSUPPORTED', index, e instanceof Error ? e.message : undefined));
    algorithm = undefined;
  }

  const cert = findSignerCertificate(si, ctx.candidates);
  let description: CertificateDescription | undefined;
  if (!cert) errors.push(issue('CMS_SIGNER_CERTIFICATE_MISSING', index));
  else {
    try {
      description = describeCertificate(cert.der);
    } catch (e) {
      errors.push(issue('CMS_SIGNER_CERTIFICATE_MISSING', index, e instanceof Error ? e.message : undefined));
    }
  }

  const contentDigest = async (h: HashAlgorithm): Promise<Uint8Array | undefined> => {
    if (!ctx.content) return undefined;
    let d = ctx.contentDigests.get(h);
    if (!d) {
      d = digest(h, ctx.content);
      ctx.contentDigests.set(h, d);
    }
    return d;
  };

  if (si.signedAttributes && si.signedAttributesDer) {
    const attrs = si.signedAttributes;
    // contentType
    const ct = singleValue(attrs, CMS_OID.contentType);
    if (ct === 'missing') errors.push(issue('CMS_ATTRIBUTE_MISSING', index, 'contentType'));
    else if (ct === 'multiple') errors.push(issue('CMS_ATTRIBUTE_INVALID', index, 'contentType'));
    else {
      const oidContent = primitive(ct, 0x06);
      let oid: string | undefined;
      try {
        oid = oidContent ? decodeOidContents(oidContent) : undefined;
      } catch {
        oid = undefined;
      }
      if (oid !== ctx.eContentType) errors.push(issue('CMS_CONTENT_TYPE_MISMATCH', index));
    }
    // messageDigest
    const md = singleValue(attrs, CMS_OID.messageDigest);
    if (md === 'missing') errors.push(issue('CMS_ATTRIBUTE_MISSING', index, 'messageDigest'));
    else if (md === 'multiple' || !primitive(md, 0x04))
      errors.push(issue('CMS_ATTRIBUTE_INVALID', index, 'messageDigest'));
    else if (hash) {
      const actual = await contentDigest(hash);
      if (actual) {
        integrity = bytesEqual(primitive(md, 0x04)!, actual);
        if (!integrity) errors.push(issue('CMS_DIGEST_MISMATCH', index));
      }
    }
    // signingTime
    const st = singleValue(attrs, CMS_OID.signingTime);
    if (st === 'multiple') errors.push(issue('CMS_ATTRIBUTE_INVALID', index, 'signingTime'));
    else if (st !== 'missing') {
      signingTime = signingTimeOf(st);
      if (!signingTime) errors.push(issue('CMS_ATTRIBUTE_INVALID', index, 'signingTime'));
    }
    // signingCertificateV2
    const sc = singleValue(attrs, CMS_OID.signingCertificateV2);
    if (sc === 'missing') warnings.push(issue('CMS_SIGNING_CERTIFICATE_ABSENT', index));
    else if (sc === 'multiple') errors.push(issue('CMS_ATTRIBUTE_INVALID', index, 'signingCertificateV2'));
    else if (cert) {
      const check = await checkSigningCertificateV2(sc, cert);
      signingCertificateV2Match = check.status === 'match';
      if (check.status === 'mismatch')
        errors.push(issue('CMS_SIGNING_CERTIFICATE_MISMATCH', index, check.reason));
      else if (check.status === 'unsupported')
        errors.push(issue('CMS_ALGORITHM_UNSUPPORTED', index, check.oid));
      else if (check.status === 'malformed')
        errors.push(issue('CMS_ATTRIBUTE_INVALID', index, 'signingCertificateV2'));
    }
    if (cert && algorithm) {
      signatureValid = await verifySignature(
        cert.subjectPublicKeyInfo,
        algorithm,
        si.signature,
        si.signedAttributesDer,
      );
      if (!signatureValid) errors.push(issue('CMS_SIGNATURE_INVALID', index));
    }
  } else {
    warnings.push(issue('CMS_NO_SIGNED_ATTRIBUTES', index));
    if (ctx.eContentType !== CMS_OID.data) errors.push(issue('CMS_CONTENT_TYPE_MISMATCH', index));
    if (cert && algorithm && ctx.content) {
      signatureValid = await verifySignature(cert.subjectPublicKeyInfo, algorithm, si.signature, ctx.content);
      integrity = signatureValid;
      if (!signatureValid) errors.push(issue('CMS_SIGNATURE_INVALID', index));
    }
  }

  // Signer certificate: key usage, claimed time, path and revocation.
  const validationTime =
    options.time ?? (options.trustSigningTime && signingTime ? signingTime : undefined) ?? new Date();
  let path: PathValidationResult | undefined;
  if (description && cert) {
    const ku = description.keyUsage;
    if (ku && !ku.includes('digitalSignature') && !ku.includes('nonRepudiation'))
      errors.push(issue('CMS_KEY_USAGE', index));
    if (signingTime && (signingTime < description.notBefore || signingTime > description.notAfter))
      warnings.push(issue('CMS_SIGNING_TIME_OUTSIDE_VALIDITY', index));
    try {
      path = await checkCertificateTrust(cert.der, {
        trustAnchors: options.trustAnchors,
        intermediates: ctx.candidates.filter((c) => c !== cert && isReadable(c)).map((c) => c.der),
        time: validationTime,
        ...(options.revocation ? { revocation: options.revocation } : {}),
      });
    } catch (e) {
      if (!(e instanceof KysoError)) throw e;
      errors.push(issue('CMS_CERTIFICATE_MALFORMED', index, e.message));
    }
  }
  if (path) {
    for (const e of path.errors) errors.push({ ...e, signer: index });
    for (const w of path.warnings) warnings.push({ ...w, signer: index });
  }
  const signer: CmsSignerResult = {
    subject: description?.subjectString ?? '',
    identifiers: description?.identifiers ?? [],
    subjectType: description?.subjectType ?? null,
    ...(cert ? { certificate: cert.der } : {}),
    ...(description ? { description } : {}),
    ...(signingTime ? { signingTime } : {}),
    ...(hash ? { hashAlgorithm: hash } : {}),
    ...(algorithm ? { scheme: algorithm.scheme } : {}),
    integrity,
    signatureValid,
    signingCertificateV2Match,
    validationTime,
    ...(path ? { path } : {}),
    revocation: path?.revocation.status ?? 'notChecked',
    valid: false,
    errors,
    warnings,
  };
  signer.valid = errors.length === 0 && integrity && signatureValid && path?.valid === true;
  return signer;
}
