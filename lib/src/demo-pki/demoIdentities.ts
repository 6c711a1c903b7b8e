/** The demo identities: who they are, which CA issues them, and the case each one exercises. */
import { DEMO_CITIZENS, DEMO_ORGANIZATIONS, type DemoCitizen } from './demoCitizens.js';
import type {
  DemoIdentityName,
  DemoKeyType,
  DemoProfile,
  DemoRevocationReason,
  DemoSubject,
} from './types.js';

export type ValidityCase = 'valid' | 'expired' | 'notYetValid';

export interface IdentityDefinition {
  name: DemoIdentityName;
  description: { vi: string; en: string };
  caKey: string;
  profile: DemoProfile;
  keyType: DemoKeyType;
  subject: DemoSubject;
  validity: ValidityCase;
  keyUsage: 'signing' | 'keyEnciphermentOnly';
  revocation?: { reason: DemoRevocationReason; daysAgo: number };
}

/** Demo token PINs (documented, shared by every demo token; not secrets). */
export const DEMO_PIN = '12345678';
export const DEMO_SO_PIN = '87654321';

export function tokenLabelFor(name: DemoIdentityName): string {
  return `Kyso Demo ${name}`;
}

function personal(c: DemoCitizen): DemoSubject {
  const s: DemoSubject = { fullName: c.fullName, province: c.province, locality: c.locality };
  if (c.cccd) s.cccd = c.cccd;
  if (c.cmnd) s.cmnd = c.cmnd;
  if (c.phone) s.phone = c.phone;
  if (c.email) s.email = c.email;
  return s;
}

const org = DEMO_ORGANIZATIONS;
const people = DEMO_CITIZENS;

export const IDENTITY_DEFINITIONS: readonly IdentityDefinition[] = [
  {
    name: 'citizen',
    description: {
      vi: 'Cá nhân (UID=CCCD), RSA-2048, do DEMO VNPT-CA cấp, có số điện thoại và e-mail',
      en: 'Individual (UID=CCCD), RSA-2048, issued by DEMO VNPT-CA, with phone and e-mail',
    },
    caKey: 'vnpt',
    profile: 'personal',
    keyType: 'RSA',
    subject: personal(people.an),
    validity: 'valid',
    keyUsage: 'signing',
  },
  {
    name: 'citizenCmnd',
    description: {
      vi: 'Cá nhân dùng CMND 9 số (UID=CMND), RSA-2048, do DEMO Viettel-CA cấp',
      en: 'Individual with an old 9-digit ID card (UID=CMND), RSA-2048, issued by DEMO Viettel-CA',
    },
    caKey: 'viettel',
    profile: 'personal',
    keyType: 'RSA',
    subject: personal(people.binh),
    validity: 'valid',
    keyUsage: 'signing',
  },
  {
    name: 'citizenEc',
    description: {
      vi: 'Cá nhân (UID=CCCD), khóa ECDSA P-256, do DEMO FPT-CA cấp',
      en: 'Individual (UID=CCCD), ECDSA P-256 key, issued by DEMO FPT-CA',
    },
    caKey: 'fpt',
    profile: 'personal',
    keyType: 'EC',
    subject: personal(people.cuong),
    validity: 'valid',
    keyUsage: 'signing',
  },
  {
    name: 'business',
    description: {
      vi: 'Doanh nghiệp (UID=MST), RSA-2048, do DEMO VNPT-CA cấp',
      en: 'Company (UID=MST), RSA-2048, issued by DEMO VNPT-CA',
    },
    caKey: 'vnpt',
    profile: 'organization',
    keyType: 'RSA',
    subject: {
      fullName: org.kysoSoftware.name,
      mst: org.kysoSoftware.mst,
      province: org.kysoSoftware.province,
      locality: org.kysoSoftware.locality,
      email: org.kysoSoftware.email,
    },
    validity: 'valid',
    keyUsage: 'signing',
  },
  {
    name: 'employee',
    description: {
      vi: 'Cá nhân thuộc tổ chức (UID=MST chi nhánh -001 và UID=CCCD, O=, T=), do DEMO Viettel-CA cấp',
      en: 'Person in an organization (UID=MST with branch -001 and UID=CCCD, O=, T=), issued by DEMO Viettel-CA',
    },
    caKey: 'viettel',
    profile: 'personInOrganization',
    keyType: 'RSA',
    subject: {
      fullName: people.dung.fullName,
      cccd: people.dung.cccd,
      mst: `${org.songHanTrading.mst}-001`,
      organization: org.songHanTrading.name,
      title: 'Kế toán trưởng',
      province: org.songHanTrading.province,
      locality: org.songHanTrading.locality,
      email: people.dung.email,
    },
    validity: 'valid',
    keyUsage: 'signing',
  },
  {
    name: 'budgetUnit',
    description: {
      vi: 'Đơn vị sử dụng ngân sách (UID=MST và UID=MNS), do DEMO CA phục vụ các cơ quan Nhà nước G2 cấp',
      en: 'Budget unit (UID=MST and UID=MNS), issued by DEMO CA phục vụ các cơ quan Nhà nước G2',
    },
    caKey: 'govAgencies',
    profile: 'budgetUnit',
    keyType: 'RSA',
    subject: {
      fullName: org.hoaSenSchool.name,
      mst: org.hoaSenSchool.mst,
      mns: org.hoaSenSchool.mns,
      organization: org.hoaSenSchool.parent,
      province: org.hoaSenSchool.province,
      locality: org.hoaSenSchool.locality,
      email: org.hoaSenSchool.email,
    },
    validity: 'valid',
    keyUsage: 'signing',
  },
  {
    name: 'civilServant',
    description: {
      vi: 'Cán bộ, công chức (O=Bộ, OU=, T=, UID=CCCD), do DEMO CA phục vụ các cơ quan Nhà nước G2 cấp',
      en: 'Civil servant (O=ministry, OU=, T=, UID=CCCD), issued by DEMO CA phục vụ các cơ quan Nhà nước G2',
    },
    caKey: 'govAgencies',
    profile: 'civilServant',
    keyType: 'RSA',
    subject: {
      fullName: people.hai.fullName,
      cccd: people.hai.cccd,
      organization: org.taxDepartment.name,
      organizationalUnits: org.taxDepartment.units,
      title: 'Chuyên viên',
      province: org.taxDepartment.province,
      locality: org.taxDepartment.locality,
      email: people.hai.email,
    },
    validity: 'valid',
    keyUsage: 'signing',
  },
  {
    name: 'expired',
    description: {
      vi: 'Cá nhân, chứng thư đã hết hạn (kết thúc 35 ngày trước)',
      en: 'Individual, certificate expired (ended 35 days ago)',
    },
    caKey: 'vnpt',
    profile: 'personal',
    keyType: 'RSA',
    subject: personal(people.hoa),
    validity: 'expired',
    keyUsage: 'signing',
  },
  {
    name: 'notYetValid',
    description: {
      vi: 'Cá nhân, chứng thư chưa có hiệu lực (bắt đầu sau một năm nữa)',
      en: 'Individual, certificate not yet valid (starts in one year)',
    },
    caKey: 'viettel',
    profile: 'personal',
    keyType: 'RSA',
    subject: personal(people.khoa),
    validity: 'notYetValid',
    keyUsage: 'signing',
  },
  {
    name: 'revoked',
    description: {
      vi: 'Cá nhân, chứng thư bị thu hồi (lộ khóa) 7 ngày trước, có trong CRL và OCSP',
      en: 'Individual, certificate revoked (key compromise) 7 days ago, on the CRL and in OCSP',
    },
    caKey: 'vnpt',
    profile: 'personal',
    keyType: 'RSA',
    subject: personal(people.lan),
    validity: 'valid',
    keyUsage: 'signing',
    revocation: { reason: 'keyCompromise', daysAgo: 7 },
  },
  {
    name: 'suspended',
    description: {
      vi: 'Cá nhân, chứng thư bị tạm dừng (certificateHold) 3 ngày trước',
      en: 'Individual, certificate suspended (certificateHold) 3 days ago',
    },
    caKey: 'fpt',
    profile: 'personal',
    keyType: 'RSA',
    subject: personal(people.ngoc),
    validity: 'valid',
    keyUsage: 'signing',
    revocation: { reason: 'certificateHold', daysAgo: 3 },
  },
  {
    name: 'wrongKeyUsage',
    description: {
      vi: 'Cá nhân, chứng thư chỉ cho phép mã hóa khóa (keyEncipherment), không dùng để ký',
      en: 'Individual, certificate allows keyEncipherment only, not signing',
    },
    caKey: 'vnpt',
    profile: 'personal',
    keyType: 'RSA',
    subject: personal(people.minh),
    validity: 'valid',
    keyUsage: 'keyEnciphermentOnly',
  },
  {
    name: 'ocspSignerVnpt',
    description: {
      vi: 'Máy chủ OCSP ủy quyền của DEMO VNPT-CA (EKU OCSPSigning, ocsp-nocheck)',
      en: 'Delegated OCSP responder of DEMO VNPT-CA (EKU OCSPSigning, ocsp-nocheck)',
    },
    caKey: 'vnpt',
    profile: 'ocspSigner',
    keyType: 'RSA',
    subject: {
      fullName: 'DEMO VNPT-CA OCSP Responder',
      organization: 'DEMO VIETNAM POSTS AND TELECOMMUNICATIONS GROUP',
      province: 'Hà Nội',
    },
    validity: 'valid',
    keyUsage: 'signing',
  },
];
