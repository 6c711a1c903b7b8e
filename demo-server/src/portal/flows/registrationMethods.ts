/** Subjects (đối tượng) and the registration methods each may use (domain reference §1.2). */
import type { Subject } from '../db/schema.js';

export const SUBJECTS: readonly Subject[] = ['congDan', 'doanhNghiep', 'coQuanNhaNuoc'];

export type RegistrationMethod = 'thueBaoDiDong' | 'baoHiemXaHoi' | 'usbKySo' | 'simKySo' | 'chuKySoCaNhan';

/** Methods whose first step is a form checked against a registry. */
export type FormMethod = Exclude<RegistrationMethod, 'usbKySo' | 'simKySo' | 'chuKySoCaNhan'>;

/** Methods that need the portal's certificate trust list. */
export const CERTIFICATE_METHODS: readonly RegistrationMethod[] = ['usbKySo', 'simKySo', 'chuKySoCaNhan'];

/** Methods this portal implements, with the subjects allowed to use them and the level they give. */
export const REGISTRATION_METHODS: Record<
  RegistrationMethod,
  { subjects: readonly Subject[]; verificationLevel: number; slug: string }
> = {
  // "Tài khoản được đăng ký bởi Thuê bao di động sẽ có mức xác minh 2 đã được xác minh bởi nhà mạng".
  thueBaoDiDong: { subjects: ['congDan'], verificationLevel: 2, slug: 'thue-bao-di-dong' },
  baoHiemXaHoi: { subjects: ['congDan'], verificationLevel: 2, slug: 'bao-hiem-xa-hoi' },
  // Identity proven by a CA-issued certificate and the token's private key.
  // Cơ quan nhà nước: only with a government (Ban Cơ yếu) certificate, see certificateAuthority.ts.
  usbKySo: { subjects: ['congDan', 'doanhNghiep', 'coQuanNhaNuoc'], verificationLevel: 3, slug: 'usb-ky-so' },
  // The SIM's certificate is CA-issued, like a token's.
  simKySo: { subjects: ['congDan', 'doanhNghiep'], verificationLevel: 3, slug: 'sim-ky-so' },
  chuKySoCaNhan: { subjects: ['congDan'], verificationLevel: 3, slug: 'chu-ky-so-ca-nhan' },
};

export const SUBJECT_SLUGS: Record<Subject, string> = {
  congDan: 'cong-dan',
  doanhNghiep: 'doanh-nghiep',
  coQuanNhaNuoc: 'co-quan-nha-nuoc',
};

export function isSubject(s: unknown): s is Subject {
  return typeof s === 'string' && (SUBJECTS as readonly string[]).includes(s);
}

export function isRegistrationMethod(m: unknown): m is RegistrationMethod {
  return typeof m === 'string' && Object.hasOwn(REGISTRATION_METHODS, m);
}

export function subjectFromSlug(slug: string): Subject | undefined {
  return SUBJECTS.find((s) => SUBJECT_SLUGS[s] === slug);
}

export function methodFromSlug(slug: string): RegistrationMethod | undefined {
  return (Object.keys(REGISTRATION_METHODS) as RegistrationMethod[]).find(
    (m) => REGISTRATION_METHODS[m].slug === slug,
  );
}
