/**
 * Verification of a dossier's signature, on submission and again on every view of the stored CMS: CAdES
 * integrity and signature (`verifyCms`), the signer's path to the trusted roots with revocation (OCSP/CRL,
 * lib's revocation cache), key usage, and that the signer is the account holder (CCCD/CMND for a citizen,
 * MST for a business). The result is the verification report of TT 15/2025 Điều 6 (domain notes §4.3.11):
 * issuing CA, signer, organization, signing time, integrity, validity at signing time, certificate period,
 * revocation status — each problem with a stable code and Vietnamese then English text.
 */
import {
  attributeValues,
  type CertificateDescription,
  type CmsIssue,
  httpRevocationFetch,
  type LocalizedText,
  verifyCms,
} from '@kyso/lib';
import type { CertificateTrust } from '../../portal/portalContext.js';
import type { MinistryAccountView } from './dossierHost.js';

const CN = '2.5.4.3';

/** OCSP/CRL over HTTP when the host's trust names no fetcher: revocation is always checked. */
const defaultRevocationFetch = httpRevocationFetch({ timeoutMs: 5000 });
const O = '2.5.4.10';

export interface ReportIssue {
  code: string;
  message: LocalizedText;
}

export interface DossierVerificationReport {
  /** Every check passed, the signer included: the dossier may be (or was rightly) accepted. */
  valid: boolean;
  /** The signed messageDigest equals the digest of the stored declaration. */
  integrity: boolean;
  /** The signature verifies with the certificate's public key. */
  signatureValid: boolean;
  /** Path to a trusted root, validity period and revocation at the validation time. */
  certificateValid: boolean;
  /** The certificate names the account holder. */
  signerIsAccountHolder: boolean;
  /** Valid at the signing time: certificate in its period and not revoked then (criterion 1.1, 2.3). */
  validAtSigningTime: boolean;
  revocation: 'good' | 'revoked' | 'unknown' | 'notChecked';
  revokedAt: string | null;
  signer: {
    name: string;
    /** `CCCD`, `CMND`, `MST`, … and the value, as in the certificate. */
    identifiers: { type: string; value: string }[];
    /** The signer's organization (O), when the certificate names one. */
    organization: string | null;
  } | null;
  issuer: {
    /** CN of the issuing CA. */
    name: string;
    /** Organization managing the certificate (the CA's O). */
    organization: string | null;
  } | null;
  certificate: { serialNumber: string; notBefore: string; notAfter: string } | null;
  /** Claimed signing time (signingTime attribute), ISO. */
  signingTime: string | null;
  /** The time the path and revocation were checked at, ISO. */
  validationTime: string;
  errors: ReportIssue[];
  warnings: ReportIssue[];
}

export const SIGNER_MISMATCH: ReportIssue = {
  code: 'DOSSIER_SIGNER_MISMATCH',
  message: {
    vi: 'Chứng thư số dùng để ký không phải của chủ tài khoản: số định danh (CCCD/CMND) hoặc mã số thuế trên chứng thư khác với tài khoản. Hồ sơ không được tiếp nhận; hãy ký bằng chứng thư số của chính bạn.',
    en: "The signing certificate is not the account holder's: its identification number (CCCD/CMND) or tax code differs from the account's. The dossier was not accepted; sign with your own certificate.",
  },
};

export const DECLARATION_ALTERED: ReportIssue = {
  code: 'DOSSIER_DECLARATION_ALTERED',
  message: {
    vi: 'Nội dung tờ khai đã lưu không còn khớp với nội dung đã ký: hồ sơ đã bị thay đổi sau khi ký.',
    en: 'The stored declaration no longer matches what was signed: the dossier was changed after signing.',
  },
};

/** The identifiers a certificate must carry for `account` (CCCD or old CMND for citizens, MST for businesses). */
export function acceptedSignerIds(
  account: Pick<MinistryAccountView, 'subject' | 'idNumber' | 'nationalClaims'>,
): {
  types: readonly string[];
  values: readonly string[];
} {
  if (account.subject === 'doanhNghiep') return { types: ['MST'], values: [account.idNumber] };
  const cmnd = account.nationalClaims?.SoCMND;
  return {
    types: ['CCCD', 'CMND'],
    values: typeof cmnd === 'string' && cmnd !== '' ? [account.idNumber, cmnd] : [account.idNumber],
  };
}

export function certificateNamesHolder(
  description: Pick<CertificateDescription, 'identifiers'>,
  expected: { types: readonly string[]; values: readonly string[] },
): boolean {
  return description.identifiers.some(
    (i) => i.valid && expected.types.includes(i.type) && expected.values.includes(i.value),
  );
}

const plain = (i: CmsIssue): ReportIssue => ({ code: i.code, message: i.message });

function unique(issues: ReportIssue[]): ReportIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    if (seen.has(i.code)) return false;
    seen.add(i.code);
    return true;
  });
}

export interface VerifyDossierInput {
  declaration: Uint8Array;
  /** DER ContentInfo. */
  cms: Uint8Array;
  trust: CertificateTrust;
  /** Validation time: now on submission, the reception time when a stored dossier is checked again. */
  time: Date;
  expectedSigner: { types: readonly string[]; values: readonly string[] };
}

export async function verifyDossierSignature(input: VerifyDossierInput): Promise<DossierVerificationReport> {
  const { trust } = input;
  const result = await verifyCms(input.cms, {
    content: input.declaration,
    trustAnchors: trust.anchors,
    intermediates: trust.intermediates,
    time: input.time,
    revocation: { fetch: trust.revocationFetch ?? defaultRevocationFetch },
  });
  const s = result.signers[0];
  const d = s?.description;
  const errors = result.errors.map(plain);
  const warnings = result.warnings.map(plain);
  if (result.signers.length > 1)
    errors.push({
      code: 'DOSSIER_SEVERAL_SIGNERS',
      message: { vi: 'Tờ khai chỉ được có một chữ ký.', en: 'A declaration takes exactly one signature.' },
    });
  const signerIsAccountHolder = d ? certificateNamesHolder(d, input.expectedSigner) : false;
  if (d && !signerIsAccountHolder) errors.push(SIGNER_MISMATCH);
  const perCert = s?.path?.revocation.perCertificate[0];
  const signingTime = s?.signingTime ?? null;
  const certificateValid = Boolean(s?.path?.valid);
  const inPeriod =
    d !== undefined && signingTime !== null && signingTime >= d.notBefore && signingTime <= d.notAfter;
  const revokedBeforeSigning =
    perCert?.status === 'revoked' && (!perCert.revokedAt || !signingTime || perCert.revokedAt <= signingTime);
  return {
    valid: result.valid && signerIsAccountHolder && result.signers.length === 1,
    integrity: Boolean(s?.integrity),
    signatureValid: Boolean(s?.signatureValid),
    certificateValid,
    signerIsAccountHolder,
    validAtSigningTime: certificateValid && inPeriod && !revokedBeforeSigning,
    revocation: s?.revocation ?? 'notChecked',
    revokedAt: perCert?.revokedAt ? perCert.revokedAt.toISOString() : null,
    signer: d
      ? {
          name: attributeValues(d.subject, CN)[0] ?? d.subjectString,
          identifiers: d.identifiers.map((i) => ({ type: i.type, value: i.value })),
          organization: attributeValues(d.subject, O)[0] ?? null,
        }
      : null,
    issuer: d
      ? {
          name: attributeValues(d.issuer, CN)[0] ?? d.issuerString,
          organization: attributeValues(d.issuer, O)[0] ?? null,
        }
      : null,
    certificate: d
      ? {
          serialNumber: d.serialNumber,
          notBefore: d.notBefore.toISOString(),
          notAfter: d.notAfter.toISOString(),
        }
      : null,
    signingTime: signingTime ? signingTime.toISOString() : null,
    validationTime: input.time.toISOString(),
    errors: unique(errors),
    warnings: unique(warnings),
  };
}
