/**
 * Which PKI a verified certificate comes from, and which subjects (đối tượng) each PKI may register.
 *
 * Two trust domains meet at the portal (domain reference §3.4): the public PKI under the national root
 * (NEAC: VNPT-CA, Viettel-CA, FPT-CA, …) for citizens and businesses, and the government specialised PKI of
 * Ban Cơ yếu Chính phủ ("chữ ký số chuyên dùng công vụ", Decree 68/2024) for civil servants and State
 * agencies. A certificate whose validated path ends at one of `trust.governmentAnchors` is a government
 * certificate: it is the only kind a Cơ quan nhà nước account accepts, and it is refused for the others.
 *
 * State-agency accounts are keyed `cqnn:<identifier>` (CCCD/CMND of the civil servant, MST of the agency or
 * budget unit), so a civil servant's official account never collides with the same person's citizen
 * account (keyed by the bare CCCD) nor an agency's with a business account (keyed by the bare MST).
 */
import type { Subject } from '../db/schema.js';
import type { MessageCode } from '../i18n/messages.js';
import type { CertificateTrust } from '../portalContext.js';

/** Prefix of the usernames of Cơ quan nhà nước accounts. */
export const AGENCY_USERNAME_PREFIX = 'cqnn:';

/** The account name for `identifier` under `subject`. */
export function accountUsername(subject: Subject, identifier: string): string {
  return subject === 'coQuanNhaNuoc' ? `${AGENCY_USERNAME_PREFIX}${identifier}` : identifier;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

/** True when the validated path (leaf → anchor) ends at a government (Ban Cơ yếu) root. */
export function isGovernmentPath(trust: CertificateTrust | undefined, path: readonly Uint8Array[]): boolean {
  const anchor = path[path.length - 1];
  if (!anchor || !trust?.governmentAnchors) return false;
  return trust.governmentAnchors.some((g) => sameBytes(g, anchor));
}

/** The refusal for a certificate of the wrong PKI for `subject`, if any. */
export function authorityMismatch(subject: Subject, government: boolean): MessageCode | undefined {
  if (subject === 'coQuanNhaNuoc' && !government) return 'CERT_GOVERNMENT_CA_REQUIRED';
  if (subject !== 'coQuanNhaNuoc' && government) return 'CERT_GOVERNMENT_CA_AGENCIES_ONLY';
  return undefined;
}

/** The subject of the account a login certificate opens (government certificates: State-agency accounts). */
export function loginSubjects(government: boolean): readonly Subject[] {
  return government ? ['coQuanNhaNuoc'] : ['congDan', 'doanhNghiep'];
}
