/**
 * Recognition of Vietnamese CA families from issuer names (domain reference §3.3–3.4), for display.
 * Names are matched without diacritics and case; "DEMO" anywhere in the name marks a demo CA.
 */
import { KysoError } from '../protocol/kysoError.js';
import { type DistinguishedName, parseDistinguishedName } from './distinguishedName.js';

export type CaKind = 'public' | 'government' | 'national-root';

export interface IssuerRecognition {
  family: string;
  displayName: { vi: string; en: string };
  kind: CaKind;
  /** The issuer name contains "DEMO" (Kyso's demo PKI, vendors' test CAs). */
  demo: boolean;
}

interface CaFamily {
  family: string;
  vi: string;
  en: string;
  kind: CaKind;
  /** Tested against CN, O and OU values, upper-case and without diacritics. */
  patterns: RegExp[];
}

/** The one table of known families. Order matters: the first match wins. */
export const CA_FAMILIES: readonly CaFamily[] = [
  {
    family: 'NEAC',
    vi: 'Chứng thư số gốc quốc gia (NEAC)',
    en: 'Vietnam National Root CA (NEAC)',
    kind: 'national-root',
    patterns: [
      /\bMIC NATIONAL ROOT CA\b/,
      /\bVIET ?NAM NATIONAL ROOT CA\b/,
      /TRUNG TAM CHUNG THUC DIEN TU QUOC GIA/,
    ],
  },
  {
    family: 'VGCA',
    vi: 'Ban Cơ yếu Chính phủ (chữ ký số chuyên dùng)',
    en: 'Government Cipher Committee (VGCA, specialised PKI)',
    kind: 'government',
    patterns: [
      /\bBAN CO YEU CHINH PHU\b/,
      /\bVGCA\b/,
      /CHUYEN DUNG CHINH PHU/,
      /CA PHUC VU CAC CO QUAN NHA NUOC/,
      /\bCO QUAN CHUNG THUC SO\b/,
      /GOVERNMENT CIPHER COMMITTEE/,
    ],
  },
  {
    family: 'VNPT-CA',
    vi: 'VNPT-CA (Tập đoàn Bưu chính Viễn thông Việt Nam)',
    en: 'VNPT-CA (Vietnam Posts and Telecommunications Group)',
    kind: 'public',
    patterns: [/\bVNPT[- ]?CA\b/, /\bVNPT SMART ?CA\b/, /VIET ?NAM POSTS AND TELECOMMUNICATIONS/],
  },
  {
    family: 'Viettel-CA',
    vi: 'Viettel-CA (Tập đoàn Công nghiệp - Viễn thông Quân đội)',
    en: 'Viettel-CA (Viettel Group)',
    kind: 'public',
    patterns: [
      /\bVIETTEL[- ]?CA\b/,
      /\bVIETTEL GROUP\b/,
      /\bVIETTEL MYSIGN\b/,
      /CONG NGHIEP - VIEN THONG QUAN DOI/,
    ],
  },
  {
    family: 'FPT-CA',
    vi: 'FPT-CA (Công ty Hệ thống Thông tin FPT)',
    en: 'FPT-CA (FPT Information System)',
    kind: 'public',
    patterns: [/\bFPT[- ]?CA\b/, /\bFPT CERTIFICATION AUTHORITY\b/],
  },
  {
    family: 'BkavCA',
    vi: 'BkavCA (Công ty Cổ phần BKAV)',
    en: 'BkavCA (BKAV Corporation)',
    kind: 'public',
    patterns: [/\bBKAV[- ]?CA\b/],
  },
  {
    family: 'NC-CA',
    vi: 'NC-CA (Công ty Cổ phần Công nghệ NCCA)',
    en: 'NC-CA (NCCA Technology JSC)',
    kind: 'public',
    patterns: [/\bNC-?CA\b/],
  },
  {
    family: 'MISA',
    vi: 'MISA eSign CA (Công ty Cổ phần MISA)',
    en: 'MISA eSign CA (MISA JSC)',
    kind: 'public',
    patterns: [/\bMISA\b/],
  },
  {
    family: 'EFY-CA',
    vi: 'EFY-CA (Công ty Cổ phần Công nghệ Tin học EFY Việt Nam)',
    en: 'EFY-CA (EFY Vietnam)',
    kind: 'public',
    patterns: [/\bEFY[- ]?CA\b/],
  },
  {
    family: 'WINCA',
    vi: 'WINCA (Công ty TNHH WINGROUP)',
    en: 'WINCA (WINGROUP Co., Ltd.)',
    kind: 'public',
    patterns: [/\bWIN[- ]?CA\b/, /\bWINGROUP\b/],
  },
  {
    family: 'NewCA',
    vi: 'NewCA',
    en: 'NewCA',
    kind: 'public',
    patterns: [/\bNEW[- ]?CA\b/],
  },
  {
    family: 'SafeCert',
    vi: 'SafeCert',
    en: 'SafeCert',
    kind: 'public',
    patterns: [/\bSAFE[- ]?CERT\b/],
  },
  {
    family: 'SmartSign',
    vi: 'SmartSign',
    en: 'SmartSign',
    kind: 'public',
    patterns: [/\bSMART[- ]?SIGN\b/],
  },
  {
    family: 'CA2',
    vi: 'CA2 (Công ty Cổ phần Công nghệ Thẻ Nacencomm)',
    en: 'CA2 (Nacencomm)',
    kind: 'public',
    patterns: [/\bCA2\b/, /\bNACENCOMM\b/],
  },
  {
    family: 'LCS-CA',
    vi: 'LCS-CA',
    en: 'LCS-CA',
    kind: 'public',
    patterns: [/\bLCS[- ]?CA\b/],
  },
  {
    family: 'EasyCA',
    vi: 'EasyCA',
    en: 'EasyCA',
    kind: 'public',
    patterns: [/\bEASY[- ]?CA\b/],
  },
  {
    family: 'FastCA',
    vi: 'FastCA',
    en: 'FastCA',
    kind: 'public',
    patterns: [/\bFAST[- ]?CA\b/],
  },
  {
    family: 'Vina-CA',
    vi: 'Vina-CA',
    en: 'Vina-CA',
    kind: 'public',
    patterns: [/\bVINA[- ]?CA\b/],
  },
  {
    family: 'CMC-CA',
    vi: 'CMC-CA (Công ty Cổ phần Hạ tầng Viễn thông CMC)',
    en: 'CMC-CA (CMC Telecom)',
    kind: 'public',
    patterns: [/\bCMC[- ]?CA\b/],
  },
  {
    family: 'TrustCA',
    vi: 'TrustCA',
    en: 'TrustCA',
    kind: 'public',
    patterns: [/\bTRUST[- ]?CA\b/],
  },
];

/** Upper-case, without Vietnamese diacritics (Đ → D). */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase();
}

function namesOf(dn: DistinguishedName): string[] {
  const wanted = new Set(['2.5.4.3', '2.5.4.10', '2.5.4.11']);
  return dn.flatMap((rdn) => rdn.filter((a) => wanted.has(a.oid)).map((a) => foldVietnamese(a.value)));
}

/**
 * The Vietnamese CA family of an issuer: pass a certificate description (its issuer is used), a
 * DistinguishedName, a DN string, or a bare CA name such as `VNPT-CA SHA2`. Returns null when unknown.
 */
export function recogniseIssuer(
  issuer: { readonly issuer: DistinguishedName } | DistinguishedName | string,
): IssuerRecognition | null {
  let texts: string[];
  if (typeof issuer === 'string') {
    try {
      texts = namesOf(parseDistinguishedName(issuer));
    } catch (e) {
      if (!(e instanceof KysoError)) throw e;
      texts = [];
    }
    if (texts.length === 0) texts = [foldVietnamese(issuer)];
  } else if (Array.isArray(issuer)) texts = namesOf(issuer as DistinguishedName);
  else texts = namesOf((issuer as { readonly issuer: DistinguishedName }).issuer);
  const demo = texts.some((t) => /\bDEMO\b/.test(t));
  for (const f of CA_FAMILIES) {
    if (texts.some((t) => f.patterns.some((p) => p.test(t))))
      return { family: f.family, displayName: { vi: f.vi, en: f.en }, kind: f.kind, demo };
  }
  return null;
}
