/**
 * First arrival from the national portal (Keycloak's first-broker-login pattern) decided on the ministry
 * database: an existing link signs in, an unlinked account with the same CCCD/MST needs confirmation, a new
 * person gets a new linked account, a link whose claims now carry another CCCD is refused, and claims
 * without a CCCD/MST (only an e-mail or a name in common) never match an account.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoAccounts } from '../../src/ministry/accounts/demoAccounts.js';
import { identityKey, profileFromClaims } from '../../src/ministry/accounts/nationalClaims.js';
import { type MinistryDb, openMinistryDatabase } from '../../src/ministry/db/openMinistryDatabase.js';
import { linkIdentity, linksOf, unlinkIdentity } from '../../src/ministry/linking/federatedIdentities.js';
import { decideArrival } from '../../src/ministry/linking/nationalArrival.js';
import { type ManualClock, manualClock } from '../../src/portal/clock.js';

const ISS = 'http://localhost:8080';
const an = {
  LoaiTaiKhoan: '1',
  SoDinhDanh: '001090012345',
  HoVaTen: 'Nguyễn Văn An',
  ThuDienTu: 'an.nguyenvan@kyso-demo.example',
};
const cuong = {
  LoaiTaiKhoan: '1',
  SoDinhDanh: '079085001234',
  HoVaTen: 'Lê Hoàng Cường',
  NgayThangNamSinh: '19850721',
  GioiTinh: 1,
  ThuongTru: 'Phường Sài Gòn, Thành phố Hồ Chí Minh',
};

describe('first arrival from the national portal', () => {
  let db: MinistryDb;
  let clock: ManualClock;
  beforeEach(async () => {
    db = await openMinistryDatabase({ sqlitePath: ':memory:' });
    clock = manualClock();
    await seedDemoAccounts(db, clock, 'kyso-demo-pepper-not-for-production');
  });
  afterEach(async () => {
    await db.destroy();
  });

  const anId = async () =>
    (
      await db
        .selectFrom('accounts')
        .select('id')
        .where('idNumber', '=', an.SoDinhDanh)
        .executeTakeFirstOrThrow()
    ).id;

  it('asks to confirm linking when a local account has the same CCCD, and links nothing yet', async () => {
    const d = await decideArrival(db, clock, { issuer: ISS, subject: 'sub-an', userinfo: an });
    expect(d).toEqual({ kind: 'confirmLink', accountId: await anId() });
    expect(await linksOf(db, await anId())).toEqual([]);
  });

  it('signs in through an existing link and refreshes the stored claims', async () => {
    await linkIdentity(db, clock, {
      issuer: ISS,
      subject: 'sub-an',
      accountId: await anId(),
      idNumber: an.SoDinhDanh,
    });
    const d = await decideArrival(db, clock, {
      issuer: ISS,
      subject: 'sub-an',
      userinfo: { ...an, SoDienThoai: '0912345678' },
    });
    expect(d).toEqual({ kind: 'signIn', accountId: await anId() });
    const stored = await db
      .selectFrom('accounts')
      .select('nationalClaims')
      .where('id', '=', await anId())
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.nationalClaims ?? '{}').SoDienThoai).toBe('0912345678');
  });

  it('refuses a linked national identity whose CCCD is no longer the account’s (no takeover)', async () => {
    await linkIdentity(db, clock, {
      issuer: ISS,
      subject: 'sub-an',
      accountId: await anId(),
      idNumber: an.SoDinhDanh,
    });
    const d = await decideArrival(db, clock, {
      issuer: ISS,
      subject: 'sub-an',
      userinfo: { ...an, SoDinhDanh: cuong.SoDinhDanh },
    });
    expect(d).toEqual({ kind: 'refused', code: 'IDENTITY_MISMATCH', accountId: await anId() });
  });

  it('never matches on e-mail or name: another CCCD with An’s e-mail and name creates a separate account', async () => {
    const d = await decideArrival(db, clock, {
      issuer: ISS,
      subject: 'sub-other',
      userinfo: { ...an, SoDinhDanh: cuong.SoDinhDanh },
    });
    expect(d.kind).toBe('created');
    expect(d.kind === 'created' && d.accountId).not.toBe(await anId());
    expect(await linksOf(db, await anId())).toEqual([]);
  });

  it('creates and links an account from the claims for a new person', async () => {
    const d = await decideArrival(db, clock, { issuer: ISS, subject: 'sub-cuong', userinfo: cuong });
    expect(d.kind).toBe('created');
    if (d.kind !== 'created') return;
    const account = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', d.accountId)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      subject: 'congDan',
      idNumber: cuong.SoDinhDanh,
      fullName: cuong.HoVaTen,
      dateOfBirth: '19850721',
      gender: 1,
      email: null,
      phone: null,
      passwordHash: null,
      origin: 'dvcqg',
    });
    expect((await linksOf(db, d.accountId)).map((l) => l.subject)).toEqual(['sub-cuong']);
    expect(await decideArrival(db, clock, { issuer: ISS, subject: 'sub-cuong', userinfo: cuong })).toEqual({
      kind: 'signIn',
      accountId: d.accountId,
    });
  });

  it('links businesses by tax code and refuses claims without a CCCD or MST', async () => {
    const business = {
      LoaiTaiKhoan: '2',
      MaSoThue: '0105684325',
      TenDoanhNghiep: 'CÔNG TY TNHH PHẦN MỀM KYSO DEMO',
    };
    expect(
      (await decideArrival(db, clock, { issuer: ISS, subject: 'sub-biz', userinfo: business })).kind,
    ).toBe('confirmLink');
    expect(
      await decideArrival(db, clock, {
        issuer: ISS,
        subject: 'x',
        userinfo: { LoaiTaiKhoan: '1', HoVaTen: 'A' },
      }),
    ).toEqual({
      kind: 'refused',
      code: 'SSO_CLAIMS_INCOMPLETE',
    });
    expect(identityKey({ LoaiTaiKhoan: '1', SoDinhDanh: '12345' })).toBeUndefined();
    expect(identityKey({ LoaiTaiKhoan: '2', SoDinhDanh: an.SoDinhDanh })).toBeUndefined();
  });

  it('keeps one national identity per account and issuer; unlinking removes it', async () => {
    const id = await anId();
    expect(
      await linkIdentity(db, clock, { issuer: ISS, subject: 'old', accountId: id, idNumber: an.SoDinhDanh }),
    ).toBeUndefined();
    expect(
      await linkIdentity(db, clock, { issuer: ISS, subject: 'new', accountId: id, idNumber: an.SoDinhDanh }),
    ).toBe('old');
    expect((await linksOf(db, id)).map((l) => l.subject)).toEqual(['new']);
    expect(await unlinkIdentity(db, id, ISS)).toBe(true);
    expect(await unlinkIdentity(db, id, ISS)).toBe(false);
  });

  it('reads only well-formed profile fields from the claims', () => {
    const key = { subject: 'congDan' as const, idNumber: cuong.SoDinhDanh };
    expect(
      profileFromClaims(key, {
        HoVaTen: ' ',
        NgayThangNamSinh: '1985-07-21',
        GioiTinh: 7,
        SoDienThoai: '12',
        ThuDienTu: 'x',
      }),
    ).toEqual({
      fullName: cuong.SoDinhDanh,
      dateOfBirth: null,
      gender: null,
      address: null,
      phone: null,
      email: null,
    });
  });
});
