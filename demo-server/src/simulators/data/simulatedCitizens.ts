/**
 * The people the simulated national systems know: the demo citizens of `@kyso/lib/demo-pki`
 * (the same people own the demo tokens and appear in every registry here) plus synthetic
 * citizens that exist only in the simulators, each showing one real-life case (old 9-digit
 * CMND only, SIM still registered with the CMND, SIM not "chính chủ", remote-signing users
 * whose phone app rejects, never answers or has a locked key).
 * Everything is invented; the CCCD numbers follow PPP + G + YY + serial (see the domain notes §1.5).
 */
import { DEMO_CITIZENS, type DemoCitizen, type DemoCitizenId } from '@kyso/lib/demo-pki';

export type IdCardType = 'CCCD' | 'CMND';

export interface SimulatedCitizen {
  /** Key: the lib demo citizen id, or a synthetic key. */
  readonly key: string;
  /** True when the person is one of `DEMO_CITIZENS` (and so may own demo tokens). */
  readonly fromDemoPki: boolean;
  /** Personal identification number (số định danh cá nhân), 12 digits: also the CCCD number. */
  readonly cccd: string;
  /** Old 9-digit identity card (CMND), when the person had one. */
  readonly cmnd?: string;
  /** The card the person holds today: a chip CCCD, or still the old CMND. */
  readonly cardType: IdCardType;
  readonly fullName: string;
  readonly gender: 'male' | 'female';
  /** ISO date YYYY-MM-DD. */
  readonly birthDate: string;
  /** Quê quán. */
  readonly placeOfOrigin: string;
  /** Street part of the permanent address; the ward and province follow. */
  readonly street: string;
  readonly locality: string;
  readonly province: string;
  /** Domestic mobile number (0 + 9 digits) registered in the population database. */
  readonly phone?: string;
  readonly email?: string;
  /** 10-digit social insurance code (mã số BHXH), when enrolled. */
  readonly bhxhCode?: string;
  /** What this person is for in the demo. */
  readonly note: { readonly vi: string; readonly en: string };
}

interface Extra {
  /** Personal identification number for demo citizens who only have a CMND in the lib data. */
  cccd?: string;
  cardType?: IdCardType;
  placeOfOrigin: string;
  street: string;
  phone?: string;
  bhxhCode?: string;
  note: { vi: string; en: string };
}

/** What the simulators add to each lib demo citizen. */
const DEMO_EXTRAS: Record<DemoCitizenId, Extra> = {
  an: {
    placeOfOrigin: 'Xã Đông Anh, Hà Nội',
    street: 'Số 12 phố Đội Cấn',
    bhxhCode: '0190012345',
    note: {
      vi: 'Công dân mẫu: token USB, SIM ký số (VinaPhone), ký số từ xa, BHXH',
      en: 'Model citizen: USB token, SIM signature (VinaPhone), remote signing, social insurance',
    },
  },
  binh: {
    cccd: '001175009876',
    cardType: 'CMND',
    placeOfOrigin: 'Phường Hoàng Mai, Hà Nội',
    street: 'Số 5 ngõ 68 đường Cầu Giấy',
    phone: '0983456789',
    bhxhCode: '0175034112',
    note: {
      vi: 'Chỉ có CMND 9 số; SIM đăng ký bằng CMND (trường hợp của tài liệu hướng dẫn)',
      en: 'Only an old 9-digit CMND; SIM registered with the CMND (the guide’s case)',
    },
  },
  cuong: {
    placeOfOrigin: 'Phường Chợ Lớn, Thành phố Hồ Chí Minh',
    street: 'Số 120 đường Nguyễn Huệ',
    bhxhCode: '7985001234',
    note: {
      vi: 'Token USB doanh nghiệp; SIM ký số (MobiFone)',
      en: 'Business USB token; SIM signature (MobiFone)',
    },
  },
  dung: {
    placeOfOrigin: 'Phường Sơn Trà, Đà Nẵng',
    street: 'Số 45 đường Bạch Đằng',
    phone: '0935123456',
    bhxhCode: '4892004567',
    note: {
      vi: 'Nhân viên doanh nghiệp (token cá nhân trong tổ chức); ký số từ xa',
      en: 'Company employee (person-in-organization token); remote signing',
    },
  },
  hai: {
    placeOfOrigin: 'Xã Thanh Oai, Hà Nội',
    street: 'Số 28 phố Tràng Thi',
    phone: '0944123456',
    bhxhCode: '0180002345',
    note: { vi: 'Công chức (token CA chuyên dùng Chính phủ)', en: 'Civil servant (government-CA token)' },
  },
  hoa: {
    placeOfOrigin: 'Phường Lê Chân, Hải Phòng',
    street: 'Số 9 đường Điện Biên Phủ',
    phone: '0977123456',
    bhxhCode: '3188003456',
    note: {
      vi: 'Token hết hạn; SIM ký số (Viettel)',
      en: 'Expired token; SIM signature (Viettel)',
    },
  },
  khoa: {
    placeOfOrigin: 'Phường Hạc Thành, Thanh Hóa',
    street: 'Số 3 đường Lê Lai',
    phone: '0388123456',
    note: {
      vi: 'Token chưa có hiệu lực; chưa tham gia BHXH; ký số từ xa',
      en: 'Token not yet valid; no social insurance; remote signing',
    },
  },
  lan: {
    placeOfOrigin: 'Xã Nghi Lộc, Nghệ An',
    street: 'Số 77 đường Quang Trung',
    phone: '0868123456',
    bhxhCode: '4095006789',
    note: { vi: 'Token bị thu hồi', en: 'Revoked token' },
  },
  minh: {
    placeOfOrigin: 'Phường Phú Xuân, Huế',
    street: 'Số 14 đường Lê Lợi',
    phone: '0889123456',
    bhxhCode: '4678007890',
    note: { vi: 'Token sai mục đích sử dụng khóa', en: 'Token with the wrong key usage' },
  },
  ngoc: {
    placeOfOrigin: 'Phường Cái Răng, Cần Thơ',
    street: 'Số 21 đường Hai Bà Trưng',
    phone: '0793123456',
    note: { vi: 'Token bị tạm dừng; chưa tham gia BHXH', en: 'Suspended token; no social insurance' },
  },
};

function fromDemo(c: DemoCitizen, extra: Extra): SimulatedCitizen {
  const cccd = c.cccd ?? extra.cccd;
  if (!cccd) throw new Error(`demo citizen ${c.id} needs a personal identification number`);
  const phone = c.phone ?? extra.phone;
  return {
    key: c.id,
    fromDemoPki: true,
    cccd,
    ...(c.cmnd ? { cmnd: c.cmnd } : {}),
    cardType: extra.cardType ?? 'CCCD',
    fullName: c.fullName,
    gender: c.gender,
    birthDate: c.birthDate,
    placeOfOrigin: extra.placeOfOrigin,
    street: extra.street,
    locality: c.locality,
    province: c.province,
    ...(phone ? { phone } : {}),
    ...(c.email ? { email: c.email } : {}),
    ...(extra.bhxhCode ? { bhxhCode: extra.bhxhCode } : {}),
    note: extra.note,
  };
}

/** Citizens that exist only in the simulated systems. */
const SYNTHETIC_CITIZENS: readonly SimulatedCitizen[] = [
  {
    key: 'phuc',
    fromDemoPki: false,
    cccd: '038068001122',
    cmnd: '172548631',
    cardType: 'CMND',
    fullName: 'Trịnh Văn Phúc',
    gender: 'male',
    birthDate: '1968-06-14',
    placeOfOrigin: 'Xã Hoằng Hóa, Thanh Hóa',
    street: 'Thôn Đông',
    locality: 'Xã Hoằng Hóa',
    province: 'Thanh Hóa',
    phone: '0398765432',
    bhxhCode: '3868001122',
    note: {
      vi: 'Chưa đổi sang CCCD, chỉ có CMND 9 số; SIM chính chủ theo CMND',
      en: 'Still holds only the old 9-digit CMND; SIM registered to him with the CMND',
    },
  },
  {
    key: 'mai',
    fromDemoPki: false,
    cccd: '034183009988',
    cmnd: '151234567',
    cardType: 'CCCD',
    fullName: 'Phan Thị Mai',
    gender: 'female',
    birthDate: '1983-10-27',
    placeOfOrigin: 'Xã Vũ Thư, Hưng Yên',
    street: 'Số 8 đường Lý Bôn',
    locality: 'Phường Trần Lãm',
    province: 'Hưng Yên',
    phone: '0945678123',
    email: 'mai.phanthi@kyso-demo.example',
    bhxhCode: '3483009988',
    note: {
      vi: 'Đã có CCCD nhưng SIM vẫn đăng ký bằng CMND 9 số cũ (phải ra nhà mạng cập nhật); ký số từ xa',
      en: 'Has a CCCD but the SIM is still registered with the old 9-digit CMND; remote signing',
    },
  },
  {
    key: 'tai',
    fromDemoPki: false,
    cccd: '022096004455',
    cardType: 'CCCD',
    fullName: 'Lương Văn Tài',
    gender: 'male',
    birthDate: '1996-03-03',
    placeOfOrigin: 'Phường Hạ Long, Quảng Ninh',
    street: 'Tổ 4, khu 2',
    locality: 'Phường Hạ Long',
    province: 'Quảng Ninh',
    phone: '0356789012',
    bhxhCode: '2296004455',
    note: {
      vi: 'SIM không chính chủ (đứng tên người khác)',
      en: 'SIM not "chính chủ" (registered to someone else)',
    },
  },
  {
    key: 'thu',
    fromDemoPki: false,
    cccd: '075197002233',
    cardType: 'CCCD',
    fullName: 'Hồ Thị Thu',
    gender: 'female',
    birthDate: '1997-12-19',
    placeOfOrigin: 'Xã Long Thành, Đồng Nai',
    street: 'Số 56 đường Võ Thị Sáu',
    locality: 'Phường Trấn Biên',
    province: 'Đồng Nai',
    phone: '0708123456',
    email: 'thu.hothi@kyso-demo.example',
    bhxhCode: '7597002233',
    note: {
      vi: 'Công dân bình thường, SIM chính chủ theo CCCD (MobiFone); không có chữ ký số',
      en: 'Ordinary citizen, SIM registered with her CCCD (MobiFone); no signing certificate',
    },
  },
  {
    key: 'tuan',
    fromDemoPki: false,
    cccd: '001099004002',
    cardType: 'CCCD',
    fullName: 'Kiều Văn Tuấn',
    gender: 'male',
    birthDate: '1999-04-02',
    placeOfOrigin: 'Xã Sơn Tây, Hà Nội',
    street: 'Số 2 phố Phùng Hưng',
    locality: 'Phường Sơn Tây',
    province: 'Hà Nội',
    note: {
      vi: 'Ký số từ xa: ứng dụng tự động từ chối mọi yêu cầu (4002)',
      en: 'Remote signing: the app rejects every request (4002)',
    },
  },
  {
    key: 'vinh',
    fromDemoPki: false,
    cccd: '001099004003',
    cardType: 'CCCD',
    fullName: 'Tạ Quang Vinh',
    gender: 'male',
    birthDate: '1999-04-03',
    placeOfOrigin: 'Xã Ba Vì, Hà Nội',
    street: 'Số 30 phố Lê Lợi',
    locality: 'Phường Hà Đông',
    province: 'Hà Nội',
    note: {
      vi: 'Ký số từ xa: không bao giờ xác nhận, giao dịch hết hạn (4003)',
      en: 'Remote signing: never confirms, the transaction expires (4003)',
    },
  },
  {
    key: 'son',
    fromDemoPki: false,
    cccd: '001099004004',
    cardType: 'CCCD',
    fullName: 'Lã Văn Sơn',
    gender: 'male',
    birthDate: '1999-04-04',
    placeOfOrigin: 'Xã Phúc Thọ, Hà Nội',
    street: 'Số 6 phố Quang Trung',
    locality: 'Phường Hà Đông',
    province: 'Hà Nội',
    note: {
      vi: 'Ký số từ xa: khóa ký bị khóa (4004)',
      en: 'Remote signing: the signing key is locked (4004)',
    },
  },
];

export const SIMULATED_CITIZENS: readonly SimulatedCitizen[] = [
  ...(Object.keys(DEMO_CITIZENS) as DemoCitizenId[]).map((id) =>
    fromDemo(DEMO_CITIZENS[id], DEMO_EXTRAS[id]),
  ),
  ...SYNTHETIC_CITIZENS,
];

/** Finds a citizen by CCCD/personal number (12 digits) or old CMND (9 digits). */
export function findCitizen(idNumber: string): SimulatedCitizen | undefined {
  return SIMULATED_CITIZENS.find((c) => c.cccd === idNumber || c.cmnd === idNumber);
}

export function citizenByKey(key: string): SimulatedCitizen | undefined {
  return SIMULATED_CITIZENS.find((c) => c.key === key);
}

/** dd/mm/yyyy, as the portal forms and the registries write it. */
export function formatVietnameseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export function permanentAddress(c: SimulatedCitizen): string {
  return `${c.street}, ${c.locality}, ${c.province}`;
}
