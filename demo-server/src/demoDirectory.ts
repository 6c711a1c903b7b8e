/** The portal start page's demo data, taken from the simulated systems' seed data and magic values. */
import type { DemoDirectory } from './portal/web/startPage.js';
import {
  IDENTITY_DEMO_PASSWORDS,
  identityAccounts,
  MAGIC_BHXH,
  MAGIC_ID,
  MAGIC_PHONE,
  SIMULATED_CITIZENS,
} from './simulators/index.js';

function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export function demoDirectory(simulatorsUrl: string): DemoDirectory {
  const postid = new Map(identityAccounts('postid').map((a) => [a.citizen.cccd, a.level]));
  return {
    simulatorsUrl,
    identityProviders: {
      passwords: { vneid: IDENTITY_DEMO_PASSWORDS.vneid, postid: IDENTITY_DEMO_PASSWORDS.postid },
      accounts: identityAccounts('vneid').map((a) => ({
        idNumber: a.citizen.cccd,
        fullName: a.citizen.fullName,
        vneidLevel: a.level,
        postidLevel: postid.get(a.citizen.cccd) ?? 1,
      })),
    },
    citizens: SIMULATED_CITIZENS.map((c) => ({
      idNumber: c.cmnd ? `${c.cccd} / CMND ${c.cmnd}` : c.cccd,
      fullName: c.fullName,
      dateOfBirth: ddmmyyyy(c.birthDate),
      ...(c.phone ? { phone: c.phone } : {}),
      ...(c.bhxhCode ? { bhxhCode: c.bhxhCode } : {}),
      note: { vi: c.note.vi, en: c.note.en },
    })),
    magicValues: [
      { system: 'CSDL dân cư', value: MAGIC_ID.noMatch, effect: { vi: 'Không khớp', en: 'No match' } },
      {
        system: 'CSDL dân cư',
        value: MAGIC_ID.unavailable,
        effect: { vi: 'Hệ thống bảo trì (503)', en: 'Unavailable (503)' },
      },
      { system: 'CSDL dân cư', value: MAGIC_ID.timeout, effect: { vi: 'Quá thời gian chờ', en: 'Timeout' } },
      { system: 'BHXH', value: MAGIC_BHXH.noMatch, effect: { vi: 'Không khớp', en: 'No match' } },
      {
        system: 'BHXH',
        value: MAGIC_BHXH.unavailable,
        effect: { vi: 'Hệ thống bảo trì (503)', en: 'Unavailable (503)' },
      },
      { system: 'BHXH', value: MAGIC_BHXH.timeout, effect: { vi: 'Quá thời gian chờ', en: 'Timeout' } },
      {
        system: 'Nhà mạng / SMS',
        value: MAGIC_PHONE.noMatch,
        effect: { vi: 'Không có thuê bao', en: 'No such subscriber' },
      },
      {
        system: 'Nhà mạng / SMS',
        value: MAGIC_PHONE.unavailable,
        effect: { vi: 'Hệ thống bảo trì (503)', en: 'Unavailable (503)' },
      },
      {
        system: 'Nhà mạng / SMS',
        value: MAGIC_PHONE.timeout,
        effect: { vi: 'Quá thời gian chờ', en: 'Timeout' },
      },
    ],
  };
}
