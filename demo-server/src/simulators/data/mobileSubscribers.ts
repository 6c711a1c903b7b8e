/**
 * The carriers' subscriber registers: who each SIM is registered to, with which document,
 * and whether the registration is "chính chủ" (made by and matching the real owner).
 */
import { type IdCardType, SIMULATED_CITIZENS } from './simulatedCitizens.js';

export interface MobileSubscriber {
  /** Domestic form, 0 + 9 digits. */
  readonly phone: string;
  readonly ownerIdNumber: string;
  readonly ownerIdType: IdCardType;
  readonly chinhChu: boolean;
}

/** Registrations that differ from "registered with the holder's own current card". */
const OVERRIDES: Readonly<Record<string, Omit<MobileSubscriber, 'phone'>>> = {
  // Phan Thị Mai: has a CCCD, but the SIM is still registered with her old CMND (the guide's case).
  '0945678123': { ownerIdNumber: '151234567', ownerIdType: 'CMND', chinhChu: true },
  // Lương Văn Tài: the SIM stands in someone else's name (a dealer's pre-activated SIM).
  '0356789012': { ownerIdNumber: '022070001234', ownerIdType: 'CCCD', chinhChu: false },
};

/** SIMs that belong to no citizen's population record (a company line held by its director). */
const EXTRA_SUBSCRIBERS: readonly MobileSubscriber[] = [
  // Công ty TNHH Phần mềm Kyso Demo: SIM-PKI line registered to the director, Nguyễn Văn An.
  { phone: '0983111222', ownerIdNumber: '001090012345', ownerIdType: 'CCCD', chinhChu: true },
];

function fromCitizens(): MobileSubscriber[] {
  const out: MobileSubscriber[] = [];
  for (const c of SIMULATED_CITIZENS) {
    if (!c.phone) continue;
    const override = OVERRIDES[c.phone];
    if (override) out.push({ phone: c.phone, ...override });
    else if (c.cardType === 'CMND' && c.cmnd)
      out.push({ phone: c.phone, ownerIdNumber: c.cmnd, ownerIdType: 'CMND', chinhChu: true });
    else out.push({ phone: c.phone, ownerIdNumber: c.cccd, ownerIdType: 'CCCD', chinhChu: true });
  }
  return out;
}

export const MOBILE_SUBSCRIBERS: readonly MobileSubscriber[] = [...fromCitizens(), ...EXTRA_SUBSCRIBERS];

export function findSubscriber(domesticPhone: string): MobileSubscriber | undefined {
  return MOBILE_SUBSCRIBERS.find((s) => s.phone === domesticPhone);
}
