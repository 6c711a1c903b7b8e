/** The HTML pages: look, language switch, cookies and headers, and the registration and login forms end to end. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  lastOtp,
  type PortalHarness,
  type Simulators,
  startPortalHarness,
  startTestSimulators,
} from './portalTestKit.js';

const AN = {
  idNumber: '001090012345',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '15/03/1990',
  phone: '0912345678',
};
const PASSWORD = 'Sông#Hồng7x';

/** A form-submitting browser: cookies, redirects followed by hand, CSRF read from the page. */
class Browser {
  cookies = new Map<string, string>();
  constructor(public app: FastifyInstance) {}
  private header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) this.cookies.set(c.name, c.value);
  }
  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.header() } });
    this.keep(res);
    return res;
  }
  async post(url: string, form: Record<string, string>) {
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
    this.keep(res);
    return res;
  }
  /** Submits the page's first form with `fields` plus its CSRF token; follows the 303. */
  async submit(page: LightMyRequestResponse, fields: Record<string, string>) {
    const action = /<form[^>]*action="([^"]+)"/.exec(page.body.replace(/<nav[\s\S]*?<\/nav>/, ''))?.[1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!action || !csrf) throw new Error('no form on the page');
    const res = await this.post(action, { _csrf: csrf, ...fields });
    expect(res.statusCode).toBe(303);
    return this.get(res.headers.location as string);
  }
  async follow(url: string) {
    const res = await this.get(url);
    expect(res.statusCode).toBe(303);
    return this.get(res.headers.location as string);
  }
}

describe('portal pages', () => {
  let simulators: Simulators;
  let h: PortalHarness;
  beforeAll(async () => {
    simulators = await startTestSimulators();
  });
  afterAll(async () => {
    await h?.close();
    await simulators.close();
  });
  beforeEach(async () => {
    await h?.close();
    h = await startPortalHarness(simulators);
  });

  it('start page: Vietnamese, session cookie HttpOnly + SameSite=Lax, CSP, only local assets', async () => {
    const b = new Browser(h.instances[0]!);
    const res = await b.get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^<!doctype html><html lang="vi">/);
    expect(res.body).toContain('Cổng Dịch vụ công Quốc gia');
    const sid = res.cookies.find((c) => c.name === 'kyso_sid');
    expect(sid).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(sid?.secure).toBeFalsy();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.body).not.toMatch(/<script/);
    expect([...res.body.matchAll(/<link[^>]*href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      '/static/portal.css',
    ]);
    const css = await b.get('/static/portal.css');
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('language switch: ?lang=en switches and is remembered by cookie; ?lang=vi switches back', async () => {
    const b = new Browser(h.instances[0]!);
    const en = await b.get('/dang-ky?lang=en');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Choose a registration method');
    expect(en.body).toContain('href="/dang-ky?lang=vi"');
    expect((await b.get('/dang-ky')).body).toContain('Choose a registration method');
    expect((await b.get('/dang-ky?lang=vi')).body).toContain('Chọn phương thức đăng ký');
  });

  it('registers through the forms: details → OTP → password → done, then logs in to the account page', async () => {
    const b = new Browser(h.instances[0]!);
    const chooser = await b.get('/dang-ky');
    expect(chooser.body).toContain('href="/dang-ky/cong-dan/thue-bao-di-dong"');
    expect(chooser.body).toContain('data-code="LEGACY_REGISTRATION_NOTICE"');
    let page = await b.follow('/dang-ky/cong-dan/thue-bao-di-dong');
    expect(page.body).toContain('data-flow-state="collect"');
    expect(page.body).toContain('<svg');
    page = await b.submit(page, { ...AN, dateOfBirth: '15-03-1990', captcha: 'kiemthu' });
    expect(page.body).toContain('data-code="DATE_OF_BIRTH_INVALID"');
    expect(page.body).toContain('value="Nguyễn Văn An"');
    page = await b.submit(page, { ...AN, captcha: 'kiemthu' });
    expect(page.body).toContain('data-flow-state="otp"');
    expect(page.body).toContain('091****678');
    page = await b.submit(page, { action: 'verify', otp: await lastOtp(simulators, AN.phone) });
    expect(page.body).toContain('data-flow-state="password"');
    page = await b.submit(page, { password: 'abc', passwordConfirm: 'abc' });
    expect(page.body).toContain(
      'Sử dụng 8 ký tự trở lên bao gồm chữ thường, chữ in hoa, số và ký tự đặc biệt.',
    );
    page = await b.submit(page, { password: PASSWORD, passwordConfirm: PASSWORD });
    expect(page.body).toContain('data-flow-state="complete"');
    expect(page.body).toContain('data-code="REGISTRATION_COMPLETE"');

    h.clock.advance(60_000);
    let login = await b.follow('/dang-nhap');
    expect(login.body).toContain('id="BtnLoginAccount"');
    login = await b.submit(login, { username: AN.idNumber, password: PASSWORD, captcha: 'kiemthu' });
    expect(login.body).toContain('data-flow-state="otp"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
    const action = /action="(\/dang-nhap\/luong\/[^"]+)"/.exec(login.body)![1]!;
    const done = await b.post(action, {
      _csrf: csrf,
      action: 'verify',
      otp: await lastOtp(simulators, AN.phone),
    });
    expect([done.statusCode, done.headers.location]).toEqual([303, '/tai-khoan']);
    const account = await b.get('/tai-khoan');
    expect(account.body).toContain('Nguyễn Văn An');
    expect(account.body).toContain('<td data-field="verificationLevel">2</td>');
    expect(account.body).toContain('login.succeeded');
    expect(account.body).toContain('registration.completed');
  });

  it('a form posted without its CSRF token is refused with a page, not a stack trace', async () => {
    const b = new Browser(h.instances[0]!);
    const page = await b.follow('/dang-ky/cong-dan/thue-bao-di-dong');
    const action = /action="(\/dang-ky\/luong\/[^"]+)"/.exec(page.body)![1]!;
    const res = await b.post(action, { ...AN, captcha: 'kiemthu' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('data-code="CSRF_INVALID"');
  });

  it('unknown pages and API paths get 404 in the right format; the account page needs a sign-in', async () => {
    const b = new Browser(h.instances[0]!);
    const page = await b.get('/khong-co');
    expect([page.statusCode, page.body.includes('data-code="NOT_FOUND"')]).toEqual([404, true]);
    const api = await b.get('/api/khong-co');
    expect([api.statusCode, api.json().error.code]).toEqual([404, 'NOT_FOUND']);
    const account = await b.get('/tai-khoan');
    expect([account.statusCode, account.headers.location]).toEqual([303, '/dang-nhap']);
    const flow = await b.get('/dang-ky/luong/00000000-0000-4000-8000-000000000000');
    expect(flow.statusCode).toBe(404);
  });
});

describe('portal configuration switches', () => {
  let simulators: Simulators;
  beforeAll(async () => {
    simulators = await startTestSimulators();
  });
  afterAll(async () => {
    await simulators.close();
  });

  it('Decree 69/2024 cut-off: legacy registration disabled on pages and API', async () => {
    const h = await startPortalHarness(simulators, { config: { legacyRegistration: 'disabled' } });
    const b = new Browser(h.instances[0]!);
    expect((await b.get('/dang-ky')).body).toContain('data-code="LEGACY_REGISTRATION_DISABLED"');
    expect((await b.get('/dang-ky/cong-dan/thue-bao-di-dong')).statusCode).toBe(403);
    await h.close();
  });

  it('the session cookie is Secure when the portal is served over https', async () => {
    const h = await startPortalHarness(simulators, {
      config: { publicOrigin: 'https://dichvucong.example' },
    });
    const res = await h.instances[0]!.inject({ method: 'GET', url: '/' });
    expect(res.cookies.find((c) => c.name === 'kyso_sid')?.secure).toBe(true);
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    await h.close();
  });
});
