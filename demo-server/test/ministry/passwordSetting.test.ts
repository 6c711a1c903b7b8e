/**
 * An account created through SSO has no password, so it could only re-authenticate with the USB token. From
 * its account page it sets one: the portal's password rule, an SMS OTP to the phone the national portal
 * vouched for, argon2id; afterwards unlinking works with password + OTP. Refusals: weak, mismatched or
 * personal passwords, a wrong OTP, another session's step, a second setting, and a phone the national portal
 * did not vouch for (typed on the completion page) never receives the OTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStop, passwordLogin, SsoBrowser } from '../portal/oidc/ssoTestKit.js';
import { lastOtp, type Simulators, startTestSimulators } from '../portal/portalTestKit.js';
import { codesOf } from './ministryTestKit.js';
import { SON } from './nationalCitizens.js';
import {
  emailsTo,
  follow,
  pathOf,
  type SsoJourney,
  seedNationalAccount,
  startSsoJourney,
  submitAcross,
  throughNationalPortal,
} from './ssoJourneyKit.js';

const NEW_PASSWORD = 'Sông#Hồng2026';
/** A person whose national account has no phone: the ministry account gets a phone typed on its completion page. */
const VINH = {
  subject: 'congDan' as const,
  idNumber: '001099004003',
  fullName: 'Đỗ Quang Vinh',
  phone: '0912000333',
};
const TYPED_PHONE = '0912000999';

let simulators: Simulators;
let j: SsoJourney;
let b: SsoBrowser;

beforeAll(async () => {
  simulators = await startTestSimulators();
  j = await startSsoJourney(simulators);
  await seedNationalAccount(j, SON);
  // Sơn arrives from the national portal with no ministry account: one is created (no password).
  b = new SsoBrowser(j.portal.issuer);
  await throughNationalPortal(
    simulators,
    b,
    `${j.ministryOrigin}/dang-nhap/dvcqg?returnTo=%2Ftai-khoan`,
    SON,
  );
});

afterAll(async () => {
  await j?.close();
  await simulators?.close();
});

const sonAccount = () =>
  j.ministryDb
    .selectFrom('accounts')
    .selectAll()
    .where('idNumber', '=', SON.idNumber)
    .executeTakeFirstOrThrow();

const emails = (to: string) => emailsTo(simulators, to);

describe('setting a password on an account created through SSO', () => {
  let form: BrowserStop;

  it('the account page offers it (no password yet)', async () => {
    expect(await sonAccount()).toMatchObject({ origin: 'dvcqg', passwordHash: null, phone: SON.phone });
    const page = await follow(b, `${j.ministryOrigin}/tai-khoan`);
    expect(pathOf(page)).toBe('/tai-khoan');
    expect(page.html).toContain('id="mat-khau"');
    expect(page.html).toContain('href="/tai-khoan/mat-khau"');
    form = await follow(b, `${j.ministryOrigin}/tai-khoan/mat-khau`);
    expect(form.html).toContain('data-page="dat-mat-khau"');
    expect(form.html).toContain('data-step="password"');
    expect(form.html).toContain('091****444');
  });

  it("refuses passwords that break the portal's rule, or whose confirmation differs", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ password: 'ngan', confirm: 'ngan' }, 'PASSWORD_RULE'],
      [{ password: 'Abcdefgh1', confirm: 'Abcdefgh1' }, 'PASSWORD_RULE'],
      [{ password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}x` }, 'PASSWORD_MISMATCH'],
      [{ password: `Kqzv#${SON.idNumber}`, confirm: `Kqzv#${SON.idNumber}` }, 'PASSWORD_CONTAINS_PERSONAL'],
      [{ password: 'Password@123', confirm: 'Password@123' }, 'PASSWORD_COMMON'],
      [{ password: `Aa#1${'x'.repeat(130)}`, confirm: `Aa#1${'x'.repeat(130)}` }, 'PASSWORD_TOO_LONG'],
    ];
    for (const [fields, code] of cases) {
      const r = await submitAcross(b, form, '/tai-khoan/mat-khau', fields);
      expect(r.status, code).toBe(422);
      expect(codesOf(r.html)).toContain(code);
    }
    expect((await sonAccount()).passwordHash).toBeNull();
  });

  it('sends an OTP to the claimed phone; a wrong code is refused, the right one sets an argon2id hash', async () => {
    const otpPage = await submitAcross(b, form, '/tai-khoan/mat-khau', {
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(pathOf(otpPage)).toMatch(/^\/tai-khoan\/mat-khau\/[0-9a-f-]{36}$/);
    expect(otpPage.html).toContain('data-step="otp"');
    expect(codesOf(otpPage.html)).toContain('OTP_SENT');
    const code = await lastOtp(simulators, SON.phone);
    expect(code).toMatch(/^\d{6}$/);
    // Not yet: the password waits for the OTP (and is never kept in clear).
    expect((await sonAccount()).passwordHash).toBeNull();
    const waiting = await j.ministryDb.selectFrom('passwordSettings').selectAll().execute();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(JSON.stringify(waiting)).not.toContain(NEW_PASSWORD);

    // Another browser (session) cannot use this step.
    const stranger = new SsoBrowser(j.portal.issuer);
    const foreign = await follow(stranger, `${j.ministryOrigin}${pathOf(otpPage)}`);
    expect(pathOf(foreign)).not.toBe(pathOf(otpPage));

    const wrong = await submitAcross(b, otpPage, `${pathOf(otpPage)}/otp`, {
      otp: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(422);
    expect(codesOf(wrong.html)).toContain('OTP_FAILED');
    expect((await sonAccount()).passwordHash).toBeNull();

    const done = await submitAcross(b, wrong, `${pathOf(otpPage)}/otp`, { otp: code });
    expect(pathOf(done)).toBe('/tai-khoan');
    expect(codesOf(done.html)).toContain('PASSWORD_SET');
    expect(done.html).not.toContain('id="mat-khau"');
    const account = await sonAccount();
    expect(account.passwordHash?.startsWith('$argon2id$')).toBe(true);
    expect(await j.ministryDb.selectFrom('passwordSettings').selectAll().execute()).toEqual([]);
    const audit = await j.ministryDb
      .selectFrom('auditLog')
      .select('event')
      .where('accountId', '=', account.id)
      .execute();
    expect(audit.map((a) => a.event)).toContain('account.password_set');
    expect((await emails(SON.email)).some((m) => m.subject.includes('Đã đặt mật khẩu'))).toBe(true);

    // The ended step: its page and its OTP answer both say "expired" (410) and show step 1 again.
    const ended = await follow(b, `${j.ministryOrigin}${pathOf(otpPage)}`);
    expect(ended.status).toBe(410);
    expect(ended.html).toContain('data-step="password"');
    expect(codesOf(ended.html)).toContain('FLOW_EXPIRED');
    const late = await submitAcross(b, ended, `${pathOf(otpPage)}/otp`, { otp: code });
    expect(late.status).toBe(410);
    expect(codesOf(late.html)).toContain('FLOW_EXPIRED');
  });

  it('a second setting is refused: the account has a password', async () => {
    const again = await follow(b, `${j.ministryOrigin}/tai-khoan/mat-khau`);
    expect(codesOf(again.html)).toContain('PASSWORD_ALREADY_SET');
    const r = await submitAcross(b, again, '/tai-khoan/mat-khau', {
      password: 'Khác#Hẳn2027',
      confirm: 'Khác#Hẳn2027',
    });
    expect(r.status).toBe(422);
    expect(codesOf(r.html)).toContain('PASSWORD_ALREADY_SET');
  });

  it('the account now unlinks with password + OTP (no USB token needed)', async () => {
    const page = await follow(b, `${j.ministryOrigin}/tai-khoan`);
    const confirm = await submitAcross(b, page, '/tai-khoan/huy-lien-ket', { issuer: j.portal.issuer });
    expect(pathOf(confirm)).toMatch(/^\/lien-ket\//);
    expect(confirm.html).toContain(`action="${pathOf(confirm)}/mat-khau"`);
    const otpPage = await submitAcross(b, confirm, `${pathOf(confirm)}/mat-khau`, { password: NEW_PASSWORD });
    expect(otpPage.html).toContain('data-step="otp"');
    const unlinked = await submitAcross(b, otpPage, `${pathOf(confirm)}/otp`, {
      otp: await lastOtp(simulators, SON.phone),
    });
    expect(codesOf(unlinked.html)).toContain('UNLINKED');
    const links = await j.ministryDb
      .selectFrom('federatedIdentities')
      .selectAll()
      .where('accountId', '=', (await sonAccount()).id)
      .execute();
    expect(links).toEqual([]);
  });

  it('an account whose phone was typed here, not given by the national portal, cannot make it a factor', async () => {
    const vinhId = await seedNationalAccount(j, VINH);
    const c = new SsoBrowser(j.portal.issuer);
    let stop = await follow(c, `${j.ministryOrigin}/dang-nhap/dvcqg?returnTo=%2Ftai-khoan`);
    stop = await passwordLogin(c, stop, simulators, { username: VINH.idNumber, phone: VINH.phone });
    // The national account has no phone by the time its claims are read (userinfo after consent).
    await j.portal.db.updateTable('accounts').set({ phone: null }).where('id', '=', vinhId).execute();
    const back = await c.submit(stop, stop.url, { action: 'allow' });
    const complete = await follow(c, back.url);
    expect(pathOf(complete)).toBe('/hoan-thien-tai-khoan');
    await submitAcross(c, complete, '/hoan-thien-tai-khoan', {
      email: 'vinh.doquang@kyso-demo.example',
      phone: TYPED_PHONE,
      returnTo: '/tai-khoan',
    });
    const account = await j.ministryDb
      .selectFrom('accounts')
      .selectAll()
      .where('idNumber', '=', VINH.idNumber)
      .executeTakeFirstOrThrow();
    expect(account.phone).toBe(TYPED_PHONE);
    const page = await follow(c, `${j.ministryOrigin}/tai-khoan/mat-khau`);
    expect(codesOf(page.html)).toContain('PASSWORD_NEEDS_PHONE');
    const r = await submitAcross(c, page, '/tai-khoan/mat-khau', {
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(r.status).toBe(422);
    expect(codesOf(r.html)).toContain('PASSWORD_NEEDS_PHONE');
    const sms = await fetch(`${simulators.url}/dev/outbox/sms?to=${TYPED_PHONE}`);
    expect(((await sms.json()) as { messages: unknown[] }).messages).toEqual([]);
    expect(await j.ministryDb.selectFrom('passwordSettings').selectAll().execute()).toEqual([]);
  });
});
