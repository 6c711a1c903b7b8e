/**
 * The ministry portal's own accounts: the seeded demo account signs in with password + SMS OTP (the
 * simulators' gateway), a wrong password or OTP is refused, CSRF is enforced on every POST, pages are
 * Vietnamese with an English switch, and the security headers are set.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_BCA_PASSWORD, DEMO_OFFICER } from '../../src/ministry/accounts/demoAccounts.js';
import { lastOtp, type Simulators, startTestSimulators } from '../portal/portalTestKit.js';
import {
  codesOf,
  MinistryClient,
  type MinistryHarness,
  ministryTestConfig,
  startMinistryHarness,
} from './ministryTestKit.js';

const AN = { cccd: '001090012345', phone: '0912345678' };

describe('ministry portal: local accounts', () => {
  let simulators: Simulators;
  let h: MinistryHarness;
  beforeAll(async () => {
    simulators = await startTestSimulators();
  });
  afterAll(async () => {
    await h?.close();
    await simulators.close();
  });
  beforeEach(async () => {
    await h?.close();
    h = await startMinistryHarness(ministryTestConfig(simulators.url));
  });

  it('shows a Vietnamese home page with the demo accounts, an English switch and strict headers', async () => {
    const c = new MinistryClient(h.app);
    const vi = await c.get('/');
    expect(vi.statusCode).toBe(200);
    expect(vi.body).toContain('Cổng dịch vụ công Bộ Công an');
    expect(vi.body).toContain(AN.cccd);
    expect(vi.body).toContain('href="/dang-nhap/dvcqg"');
    expect(vi.headers['content-security-policy']).toContain("script-src 'self'");
    expect(vi.headers['content-security-policy']).toContain('form-action');
    expect(vi.cookies.find((k) => k.name === 'kyso_bca_sid')?.httpOnly).toBe(true);
    const en = await c.get('/?lang=en');
    expect(en.body).toContain('Ministry of Public Security Public Service Portal');
  });

  it('signs in with password then the SMS OTP, and signs out', async () => {
    const c = new MinistryClient(h.app);
    await c.get('/dang-nhap');
    const r1 = await c.post('/dang-nhap', {
      idNumber: AN.cccd,
      password: DEMO_BCA_PASSWORD,
      returnTo: '/tai-khoan',
    });
    expect(r1.statusCode).toBe(303);
    const flowUrl = r1.headers.location as string;
    expect(flowUrl).toMatch(/^\/dang-nhap\/xac-thuc\/[0-9a-f-]{36}$/);
    const otpPage = await c.get(flowUrl);
    expect(codesOf(otpPage.body)).toContain('OTP_SENT');
    const otp = await lastOtp(simulators, AN.phone);
    const wrong = await c.post(`${flowUrl}/otp`, { otp: otp === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(codesOf(wrong.body)).toContain('OTP_FAILED');
    const ok = await c.post(`${flowUrl}/otp`, { otp });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/tai-khoan');
    const account = await c.get('/tai-khoan');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Nguyễn Văn An');
    expect(account.body).toContain('login.local');
    const out = await c.post('/dang-xuat');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/');
    expect((await c.get('/tai-khoan')).headers.location).toBe('/dang-nhap?returnTo=%2Ftai-khoan');
  });

  it('refuses a wrong password and an unknown account with the same message', async () => {
    const c = new MinistryClient(h.app);
    await c.get('/dang-nhap');
    const wrong = await c.post('/dang-nhap', { idNumber: AN.cccd, password: 'sai-mat-khau' });
    expect(wrong.statusCode).toBe(400);
    expect(codesOf(wrong.body)).toEqual(['CREDENTIALS_WRONG']);
    const unknown = await c.post('/dang-nhap', { idNumber: '079085001234', password: DEMO_BCA_PASSWORD });
    expect(unknown.statusCode).toBe(400);
    expect(codesOf(unknown.body)).toEqual(['CREDENTIALS_WRONG']);
    const audit = await h.db.selectFrom('lockouts').select(['key', 'failures']).execute();
    expect(audit.find((r) => r.key === `bca:acct:${AN.cccd}`)?.failures).toBe(1);
  });

  it('refuses every POST without the session CSRF token', async () => {
    const c = new MinistryClient(h.app);
    await c.get('/dang-nhap');
    const none = await c.post('/dang-nhap', { idNumber: AN.cccd, password: DEMO_BCA_PASSWORD }, null);
    expect(none.statusCode).toBe(403);
    expect(codesOf(none.body)).toEqual(['CSRF_INVALID']);
    const forged = await c.post('/dang-xuat', {}, 'x'.repeat(43));
    expect(forged.statusCode).toBe(403);
    const stranger = new MinistryClient(h.app);
    const noSession = await stranger.post(
      '/tai-khoan/huy-lien-ket',
      { issuer: 'http://localhost:8080' },
      c.csrf,
    );
    expect(noSession.statusCode).toBe(403);
  });

  async function signInLocally(c: MinistryClient, who: { idNumber: string; phone: string }) {
    await c.get('/dang-nhap');
    const r = await c.post('/dang-nhap', { idNumber: who.idNumber, password: DEMO_BCA_PASSWORD });
    const flowUrl = r.headers.location as string;
    await c.get(flowUrl);
    const ok = await c.post(`${flowUrl}/otp`, { otp: await lastOtp(simulators, who.phone) });
    expect(ok.statusCode).toBe(303);
  }

  it('gives the officer pages to the demo officer only', async () => {
    const withTrust = await startMinistryHarness(ministryTestConfig(simulators.url), {
      trust: { anchors: [], intermediates: [] },
    });
    try {
      const officer = new MinistryClient(withTrust.app);
      await signInLocally(officer, DEMO_OFFICER);
      const list = await officer.get('/can-bo/ho-so');
      expect(list.statusCode).toBe(200);
      const citizen = new MinistryClient(withTrust.app);
      await signInLocally(citizen, { idNumber: AN.cccd, phone: AN.phone });
      expect((await citizen.get('/can-bo/ho-so')).statusCode).toBe(403);
      const anonymous = await new MinistryClient(withTrust.app).get('/can-bo/ho-so');
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toBe('/dang-nhap/dvcqg?returnTo=%2Fcan-bo%2Fho-so');
    } finally {
      await withTrust.close();
    }
  });
});
