/**
 * The demo's existing BCA accounts (demo mode only), for people of the demo PKI: the demo `citizen`
 * (Nguyễn Văn An) and the demo `business` (Công ty TNHH Phần mềm Kyso DEMO) already have local accounts,
 * so signing in through the national portal shows the linking path; every other person (for example
 * Lê Hoàng Cường, the demo token `citizenEc`) has none, so it shows the account-creation path. The password is a
 * documented demo value, printed on the home page.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_CITIZENS, DEMO_ORGANIZATIONS } from '@kyso/lib/demo-pki';
import type { Clock } from '../../portal/clock.js';
import { hashPassword } from '../../portal/security/passwordHash.js';
import { SIMULATED_CITIZENS } from '../../simulators/data/simulatedCitizens.js';
import type { MinistryDb } from '../db/openMinistryDatabase.js';
import type { DemoAccountRow } from '../web/ministryPages.js';
import type { MinistryAccount } from './ministryAccounts.js';

/** The demo accounts' password (documented; not a secret). */
export const DEMO_BCA_PASSWORD = 'BoCongAn@2026';

type Seed = Omit<MinistryAccount, 'id' | 'passwordHash' | 'createdAt' | 'nationalClaims' | 'origin'> & {
  note: { vi: string; en: string };
};

function compactDate(iso: string): string {
  return iso.replaceAll('-', '');
}

const an = DEMO_CITIZENS.an;
const company = DEMO_ORGANIZATIONS.kysoSoftware;

export const DEMO_BCA_ACCOUNTS: readonly Seed[] = [
  {
    subject: 'congDan',
    idNumber: an.cccd,
    fullName: an.fullName,
    dateOfBirth: compactDate(an.birthDate),
    gender: 1,
    address: `${an.locality}, ${an.province}`,
    phone: an.phone,
    email: an.email,
    note: {
      vi: 'Token demo "citizen": đăng nhập qua Cổng DVCQG sẽ yêu cầu xác nhận liên kết',
      en: 'Demo token "citizen": arriving from the National Portal asks to confirm linking',
    },
  },
  {
    subject: 'doanhNghiep',
    idNumber: company.mst ?? '',
    fullName: company.name,
    dateOfBirth: null,
    gender: null,
    address: `${company.locality}, ${company.province}`,
    phone: '0912345678',
    email: company.email ?? null,
    note: {
      vi: 'Token demo "business" (doanh nghiệp): liên kết theo mã số thuế',
      en: 'Demo token "business" (company): linked by tax code',
    },
  },
];

/** The demo officer (cán bộ tiếp nhận hồ sơ): a local account with the officer role. */
const mai = SIMULATED_CITIZENS.find((c) => c.cccd === '034183009988');
if (!mai?.phone || !mai.email) throw new Error('the simulated citizen Phan Thị Mai is missing');

export const DEMO_OFFICER = {
  subject: 'congDan' as const,
  idNumber: mai.cccd,
  fullName: mai.fullName,
  dateOfBirth: compactDate(mai.birthDate),
  gender: mai.gender === 'female' ? 2 : 1,
  address: `${mai.street}, ${mai.locality}, ${mai.province}`,
  phone: mai.phone,
  email: mai.email,
  unit: `Công an ${mai.locality}, ${mai.province}`,
  note: {
    vi: 'Cán bộ tiếp nhận hồ sơ: /can-bo/ho-so',
    en: 'Officer handling dossiers: /can-bo/ho-so',
  },
};

/** Creates the demo accounts that do not exist yet (idempotent; several instances may run it). */
export async function seedDemoAccounts(db: MinistryDb, clock: Clock, pepper: string): Promise<void> {
  const { unit, ...officer } = DEMO_OFFICER;
  for (const seed of [...DEMO_BCA_ACCOUNTS, officer]) {
    const exists = await db
      .selectFrom('accounts')
      .select('id')
      .where('subject', '=', seed.subject)
      .where('idNumber', '=', seed.idNumber)
      .executeTakeFirst();
    if (exists) continue;
    const { note: _note, ...fields } = seed;
    await db
      .insertInto('accounts')
      .values({
        ...fields,
        id: randomUUID(),
        passwordHash: await hashPassword(DEMO_BCA_PASSWORD, pepper),
        nationalClaims: null,
        origin: 'local',
        createdAt: clock(),
      })
      .onConflict((oc) => oc.columns(['subject', 'idNumber']).doNothing())
      .execute();
  }
  const officerAccount = await db
    .selectFrom('accounts')
    .select('id')
    .where('subject', '=', officer.subject)
    .where('idNumber', '=', officer.idNumber)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('officers')
    .values({ accountId: officerAccount.id, unit, createdAt: clock() })
    .onConflict((oc) => oc.column('accountId').doNothing())
    .execute();
}

/** The rows of the home page's demo table: the seeded accounts, then people without one. */
export function demoAccountRows(): DemoAccountRow[] {
  const cuong = DEMO_CITIZENS.cuong;
  return [
    ...[...DEMO_BCA_ACCOUNTS, DEMO_OFFICER].map((a) => ({
      idNumber: a.idNumber,
      fullName: a.fullName,
      note: a.note,
      password: DEMO_BCA_PASSWORD,
    })),
    {
      idNumber: cuong.cccd,
      fullName: cuong.fullName,
      note: {
        vi: 'Chưa có tài khoản Bộ Công an: đăng nhập qua Cổng DVCQG sẽ tạo tài khoản mới',
        en: 'No Ministry account: arriving from the National Portal creates one',
      },
      password: null,
    },
  ];
}
