/** Label/value rows describing a certificate for people, in Vietnamese or English. */
import { attributeValues } from '../cert/distinguishedName.js';
import type { CertificateDescription } from '../cert/parseCertificate.js';
import type { Lang } from '../protocol/errorCodes.js';

const LABELS = {
  name: { vi: 'Tên (CN)', en: 'Name (CN)' },
  identifiers: { vi: 'Định danh', en: 'Identifiers' },
  subjectType: { vi: 'Loại chủ thể', en: 'Subject type' },
  organization: { vi: 'Tổ chức', en: 'Organization' },
  title: { vi: 'Chức vụ', en: 'Title' },
  phone: { vi: 'Điện thoại', en: 'Phone' },
  email: { vi: 'Thư điện tử', en: 'E-mail' },
  subject: { vi: 'Chủ thể (RFC 4514)', en: 'Subject (RFC 4514)' },
  issuer: { vi: 'Tổ chức cấp (CA)', en: 'Issuer (CA)' },
  serial: { vi: 'Số hiệu', en: 'Serial number' },
  validity: { vi: 'Hiệu lực', en: 'Validity' },
  key: { vi: 'Khóa công khai', en: 'Public key' },
  signature: { vi: 'Thuật toán ký', en: 'Signature algorithm' },
  keyUsage: { vi: 'Mục đích khóa', en: 'Key usage' },
  eku: { vi: 'Mục đích mở rộng', en: 'Extended key usage' },
  policies: { vi: 'Chính sách', en: 'Policies' },
  ocsp: { vi: 'OCSP', en: 'OCSP' },
  crl: { vi: 'CRL', en: 'CRL' },
  sha256: { vi: 'Vân tay SHA-256', en: 'SHA-256 fingerprint' },
  sha1: { vi: 'Vân tay SHA-1', en: 'SHA-1 fingerprint' },
} as const;

const SUBJECT_TYPES = {
  personal: { vi: 'Cá nhân', en: 'Personal' },
  organization: { vi: 'Tổ chức', en: 'Organization' },
  personalInOrganization: { vi: 'Cá nhân thuộc tổ chức', en: 'Person in an organization' },
} as const;

const ID_NAMES: Record<string, { vi: string; en: string }> = {
  CCCD: { vi: 'CCCD', en: 'Citizen ID (CCCD)' },
  CMND: { vi: 'CMND', en: 'Old ID card (CMND)' },
  HC: { vi: 'Hộ chiếu', en: 'Passport' },
  MST: { vi: 'Mã số thuế', en: 'Tax code (MST)' },
  MNS: { vi: 'Mã ngân sách', en: 'Budget code (MNS)' },
  BHXH: { vi: 'Mã BHXH', en: 'Social insurance (BHXH)' },
};

export function validityState(
  cert: CertificateDescription,
  now = new Date(),
): 'valid' | 'expired' | 'notYetValid' {
  if (now < cert.notBefore) return 'notYetValid';
  if (now > cert.notAfter) return 'expired';
  return 'valid';
}

const VALIDITY = {
  valid: { vi: 'còn hiệu lực', en: 'valid' },
  expired: { vi: 'ĐÃ HẾT HẠN', en: 'EXPIRED' },
  notYetValid: { vi: 'CHƯA CÓ HIỆU LỰC', en: 'NOT YET VALID' },
} as const;

function formatDate(d: Date, lang: Lang): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
  return lang === 'vi' ? `${day} ${time}` : `${d.toISOString().slice(0, 10)} ${time}`;
}

export function describeCertificateFields(
  cert: CertificateDescription,
  lang: Lang,
  now = new Date(),
): [string, string][] {
  const rows: [string, string][] = [];
  const add = (k: keyof typeof LABELS, v: string | undefined | null) => {
    if (v) rows.push([LABELS[k][lang], v]);
  };
  add('name', attributeValues(cert.subject, '2.5.4.3').join(', '));
  add(
    'identifiers',
    cert.identifiers
      .map(
        (i) =>
          `${ID_NAMES[i.type]?.[lang] ?? i.type}: ${i.value} ${i.valid ? '✓' : lang === 'vi' ? '✗ sai định dạng' : '✗ invalid format'}`,
      )
      .join('\n'),
  );
  add('subjectType', SUBJECT_TYPES[cert.subjectType][lang]);
  add(
    'organization',
    [...attributeValues(cert.subject, '2.5.4.10'), ...attributeValues(cert.subject, '2.5.4.11')].join('\n'),
  );
  add('title', cert.identity.titles.join(', '));
  add('phone', cert.identity.phones.map((p) => p.raw).join(', '));
  add('email', [...new Set(cert.identity.emails.map((e) => e.address.toLowerCase()))].join(', '));
  add('subject', cert.subjectString);
  const ca = cert.issuerCa;
  add(
    'issuer',
    `${attributeValues(cert.issuer, '2.5.4.3').join(', ') || cert.issuerString}${ca ? `\n${ca.displayName[lang]}${ca.demo ? ' (DEMO)' : ''}` : ''}`,
  );
  add('serial', cert.serialNumber);
  const state = validityState(cert, now);
  add(
    'validity',
    `${formatDate(cert.notBefore, lang)} → ${formatDate(cert.notAfter, lang)}\n${VALIDITY[state][lang]}`,
  );
  const k = cert.publicKey;
  add('key', `${k.algorithm}${k.size ? ` ${k.size}` : ''}${k.curve ? ` ${k.curve}` : ''}`);
  add('signature', cert.signatureAlgorithm.name);
  add('keyUsage', cert.keyUsage?.join(', '));
  add('eku', cert.extendedKeyUsage?.map((e) => e.name ?? e.oid).join('\n'));
  add('policies', cert.certificatePolicies.map((p) => p.oid).join('\n'));
  add('ocsp', cert.authorityInfoAccess.ocsp.join('\n'));
  add('crl', cert.crlDistributionPoints.join('\n'));
  add('sha256', cert.fingerprints.sha256);
  add('sha1', cert.fingerprints.sha1);
  return rows;
}
