/**
 * Registration with a USB signing token (USB ký số) through the flow API: login tokens made with the demo
 * PKI's keys (as the Kyso extension would), verified by the portal with lib's verifyAuthToken, revocation
 * through the simulators' demo CA (OCSP/CRL over HTTP).
 */
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import { createAuthToken } from '@kyso/lib';
import type { DemoIdentityName } from '@kyso/lib/demo-pki';
import { PathValidationCache } from '@kyso/lib/trust';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/portal/config.js';
import { demoPkiPortalSuite } from './demoPkiSuite.js';
import { ApiClient, insertCitizenAccount, type PortalHarness, startPortalHarness } from './portalTestKit.js';
import { AN } from './registrationFlowSuite.js';

const ORIGIN = 'http://localhost:8080';
/** DigestInfo prefix of SHA-256 (RFC 8017 §9.2). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

type Json = {
  id: string;
  state: string;
  messages: { code: string; field?: string; text: string }[];
  ui: {
    nonce?: string;
    certificate?: { username: string; idType: string; fullName: string; issuer: string };
  };
  result?: { username: string };
};

describe('registration with a USB signing token', () => {
  const s = demoPkiPortalSuite({ config: { publicOrigin: ORIGIN } });

  async function token(name: DemoIdentityName, nonce: string, origin = ORIGIN) {
    const id = s.pki.identities[name];
    const key = createPrivateKey({ key: Buffer.from(id.privateKey), format: 'der', type: 'pkcs8' });
    return createAuthToken({
      origin,
      nonce,
      certificate: id.certificate,
      signer: async (digest) =>
        new Uint8Array(
          privateEncrypt(
            { key, padding: constants.RSA_PKCS1_PADDING },
            Buffer.concat([SHA256_DIGEST_INFO, digest]),
          ),
        ),
    });
  }

  async function begin(c: ApiClient, subject = 'congDan') {
    const r = await c.post('/api/registration/flows', { subject, method: 'usbKySo' });
    expect(r.statusCode).toBe(201);
    const flow = r.json() as Json;
    expect(flow.state).toBe('challenge');
    expect(flow.ui.nonce).toHaveLength(44);
    return flow;
  }

  async function submit(c: ApiClient, id: string, body: Record<string, unknown>) {
    const r = await c.post(`/api/registration/flows/${id}`, body);
    return { status: r.statusCode, json: r.json() as Json };
  }

  const codes = (j: Json) => j.messages.map((m) => m.code);

  it('citizen: signed challenge → data read from the certificate → e-mail + captcha → account keyed by CCCD', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c);
    const r1 = await submit(c, flow.id, {
      authToken: JSON.stringify(await token('citizen', flow.ui.nonce!)),
    });
    expect([r1.status, r1.json.state, codes(r1.json)]).toEqual([200, 'confirm', ['USB_CERTIFICATE_READ']]);
    expect(r1.json.ui.certificate).toMatchObject({
      username: '001090012345',
      idType: 'CCCD',
      fullName: 'Nguyễn Văn An',
    });
    const bad = await submit(c, flow.id, { email: 'khong-phai-email', captcha: 'kiemthu' });
    expect(bad.json.messages.map((m) => [m.code, m.field])).toEqual([['EMAIL_INVALID', 'email']]);
    const r2 = await submit(c, flow.id, { email: 'an.nguyen@example.vn', captcha: 'kiemthu' });
    expect([r2.json.state, r2.json.result]).toEqual(['complete', { username: '001090012345' }]);
    const account = await s.h.db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', '001090012345')
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      verificationLevel: 3,
      registrationMethod: 'usbKySo',
      email: 'an.nguyen@example.vn',
      passwordHash: null,
    });
    const bound = await s.h.db
      .selectFrom('accountCertificates')
      .selectAll()
      .where('accountId', '=', account.id)
      .execute();
    expect(bound).toHaveLength(1);
    expect(bound[0]!.thumbprint).toMatch(/^[0-9a-f]{64}$/);
    // The same token holder cannot register twice.
    const again = await begin(c);
    const r3 = await submit(c, again.id, { authToken: await token('citizen', again.ui.nonce!) });
    expect(codes(r3.json)).toEqual(['ACCOUNT_EXISTS']);
  });

  it('business: an organization certificate registers an account keyed by the MST', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c, 'doanhNghiep');
    const r1 = await submit(c, flow.id, { authToken: await token('business', flow.ui.nonce!) });
    expect(r1.json.ui.certificate?.idType).toBe('MST');
    const mst = r1.json.ui.certificate!.username;
    expect(mst).toMatch(/^\d{10}(-\d{3})?$/);
    const r2 = await submit(c, flow.id, { email: 'ketoan@kyso-demo.example', captcha: 'kiemthu' });
    expect(r2.json.result).toEqual({ username: mst });
    const again = await begin(c, 'doanhNghiep');
    expect(
      codes((await submit(c, again.id, { authToken: await token('business', again.ui.nonce!) })).json),
    ).toEqual(['USB_ACCOUNT_EXISTS_MST']);
  });

  it('a certificate of the wrong kind for the subject is refused', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c, 'doanhNghiep');
    const r = await submit(c, flow.id, { authToken: await token('citizen', flow.ui.nonce!) });
    expect(codes(r.json)).toEqual(['USB_CERTIFICATE_WRONG_SUBJECT']);
  });

  it.each([
    ['expired', 'CERTIFICATE_EXPIRED'],
    ['notYetValid', 'CERTIFICATE_NOT_YET_VALID'],
    ['revoked', 'CERTIFICATE_REVOKED'],
    ['wrongKeyUsage', 'CERTIFICATE_KEY_USAGE'],
  ] as const)('the %s certificate is refused with %s and its own message', async (name, code) => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c);
    const r = await submit(c, flow.id, { authToken: await token(name, flow.ui.nonce!) });
    expect([r.status, r.json.state, codes(r.json)]).toEqual([400, 'challenge', [code]]);
    expect(r.json.messages[0]!.text.length).toBeGreaterThan(10);
  });

  it('a certificate from a CA outside the trust list is untrusted', async () => {
    const narrow = await startPortalHarness(s.simulators, {
      trust: { ...s.trust, anchors: [s.pki.roots.government] },
      config: { publicOrigin: ORIGIN },
    });
    const c = await new ApiClient(narrow.instances[0]!).start();
    const flow = await begin(c);
    const r = await submit(c, flow.id, { authToken: await token('citizen', flow.ui.nonce!) });
    expect(codes(r.json)).toEqual(['CERTIFICATE_UNTRUSTED']);
    await narrow.close();
  });

  it('the challenge is bound to the origin, single use, and valid 5 minutes', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c);
    const first = flow.ui.nonce!;
    const wrongSite = await submit(c, flow.id, {
      authToken: await token('citizen', first, 'https://gia-mao.example'),
    });
    expect(codes(wrongSite.json)).toEqual(['AUTH_TOKEN_SIGNATURE']);
    // The nonce was spent by the failed attempt: a token for it no longer verifies.
    const replay = await submit(c, flow.id, { authToken: await token('citizen', first) });
    expect(codes(replay.json)).toEqual(['AUTH_TOKEN_SIGNATURE']);
    // A fresh challenge is valid until just before 5 minutes, not at 5 minutes.
    const fresh = (await c.get(`/api/registration/flows/${flow.id}`)).json() as Json;
    s.h.clock.advance(DEFAULT_LIMITS.authNonceTtlMs);
    expect(
      codes((await submit(c, flow.id, { authToken: await token('citizen', fresh.ui.nonce!) })).json),
    ).toEqual(['AUTH_TOKEN_NONCE']);
    const next = (await c.get(`/api/registration/flows/${flow.id}`)).json() as Json;
    s.h.clock.advance(DEFAULT_LIMITS.authNonceTtlMs - 1);
    expect((await submit(c, flow.id, { authToken: await token('citizen', next.ui.nonce!) })).json.state).toBe(
      'confirm',
    );
  });

  it('a missing or malformed token gets a typed message', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c);
    expect(codes((await submit(c, flow.id, {})).json)).toEqual(['USB_TOKEN_MISSING']);
    expect(codes((await submit(c, flow.id, { authToken: 'không phải JSON' })).json)).toEqual([
      'AUTH_TOKEN_MALFORMED',
    ]);
  });

  it('pages: the chooser offers USB ký số; the step page carries the challenge and its script', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    expect((await c.get('/dang-ky')).body).toContain('href="/dang-ky/doanh-nghiep/usb-ky-so"');
    const start = await c.get('/dang-ky/cong-dan/usb-ky-so');
    expect(start.statusCode).toBe(303);
    const page = await c.get(start.headers.location as string);
    expect(page.body).toContain('data-flow-state="challenge"');
    expect(page.body).toMatch(/data-nonce="[A-Za-z0-9+/]{43}="/);
    expect(page.body).toContain('<script type="module" src="/static/kyso-usb.js">');
    expect(page.body).toContain('data-code="KYSO_MISSING"');
    const js = await c.get('/static/kyso-usb.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.body).toContain('kyso-usb-form');
    expect(js.body).not.toMatch(/^import /m); // one self-contained bundle: the SDK is inside
    expect((await c.get('/static/nothing.js')).statusCode).toBe(404);
  });

  it('login with the token: challenge → signed token → signed in; a renewed certificate is bound on first use', async () => {
    // An account made by another method (same CCCD as the demo token "citizen").
    await insertCitizenAccount(s.h.db, AN, { id: 'acc-an', passwordHash: null, createdAt: s.h.clock() });
    const c = await new ApiClient(s.h.instances[0]!).start();
    const before = c.cookie;
    const flow = (await c.post('/api/login/flows', { method: 'usbKySo' })).json() as Json;
    expect(flow.state).toBe('challenge');
    const r = await c.post(`/api/login/flows/${flow.id}`, {
      authToken: await token('citizen', flow.ui.nonce!),
    });
    expect(r.json().state).toBe('complete');
    expect(c.cookie).not.toBe(before);
    c.csrf = r.json().session.csrfToken;
    const view = (await c.get('/api/account')).json();
    expect(view.account.username).toBe('001090012345');
    expect(view.audit[0].event).toBe('login.succeeded');
    expect(view.certificates).toEqual([expect.objectContaining({ issuer: expect.stringContaining('VNPT') })]);
    const accountPage = (await c.get('/tai-khoan')).body;
    expect(accountPage).toContain('Chứng thư số đã liên kết');
    expect(accountPage).toContain('<td data-field="registrationMethod">Thuê bao di động</td>');
    const bound = await s.h.db.selectFrom('accountCertificates').select('accountId').execute();
    expect(bound).toEqual([{ accountId: 'acc-an' }]);
  });

  it('login with the token: no account, revoked certificate, and replayed challenge are refused', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = (await c.post('/api/login/flows', { method: 'usbKySo' })).json() as Json;
    const noAccount = await c.post(`/api/login/flows/${flow.id}`, {
      authToken: await token('citizen', flow.ui.nonce!),
    });
    expect([noAccount.statusCode, noAccount.json().messages[0].code]).toEqual([400, 'USB_NO_ACCOUNT']);
    const again = (await c.get(`/api/login/flows/${flow.id}`)).json() as Json;
    const revoked = await c.post(`/api/login/flows/${flow.id}`, {
      authToken: await token('revoked', again.ui.nonce!),
    });
    expect(revoked.json().messages[0].code).toBe('CERTIFICATE_REVOKED');
    const replay = await c.post(`/api/login/flows/${flow.id}`, {
      authToken: await token('citizen', again.ui.nonce!),
    });
    expect(replay.json().messages[0].code).toBe('AUTH_TOKEN_SIGNATURE');
    const page = await c.get('/dang-nhap/usb-ky-so');
    expect((await c.get(page.headers.location as string)).body).toContain('id="kyso-usb-form"');
  });

  it('repeated logins with one certificate reuse its validated path for 5 minutes; the signature, nonce and origin are still checked each time', async () => {
    let h: PortalHarness | undefined;
    const pathCache = new PathValidationCache({ clock: () => h?.clock() ?? 0 });
    h = await startPortalHarness(s.simulators, {
      trust: { ...s.trust, pathCache },
      config: { publicOrigin: ORIGIN },
    });
    try {
      await insertCitizenAccount(h.db, AN, { id: 'acc-an', passwordHash: null, createdAt: h.clock() });
      const portal = h;
      const login = async (sign: (nonce: string) => Promise<object>) => {
        const c = await new ApiClient(portal.instances[0]!).start();
        const flow = (await c.post('/api/login/flows', { method: 'usbKySo' })).json() as Json;
        const r = await c.post(`/api/login/flows/${flow.id}`, { authToken: await sign(flow.ui.nonce!) });
        return r.json() as Json;
      };
      expect((await login((n) => token('citizen', n))).state).toBe('complete');
      expect(pathCache.stats).toEqual({ hits: 0, misses: 1, stored: 1 });
      expect((await login((n) => token('citizen', n))).state).toBe('complete');
      expect(pathCache.stats).toEqual({ hits: 1, misses: 1, stored: 1 });
      // The cached path does not stand in for the signature: another origin, another nonce are refused.
      const otherOrigin = await login((n) => token('citizen', n, 'https://dichvucong.example'));
      expect(codes(otherOrigin)).toEqual(['AUTH_TOKEN_SIGNATURE']);
      const otherNonce = await login(() => token('citizen', 'x'.repeat(44)));
      expect(codes(otherNonce)).toEqual(['AUTH_TOKEN_SIGNATURE']);
      // A revoked certificate is never served from the cache.
      expect(codes(await login((n) => token('revoked', n)))).toEqual(['CERTIFICATE_REVOKED']);
      expect(codes(await login((n) => token('revoked', n)))).toEqual(['CERTIFICATE_REVOKED']);
      expect(pathCache.stats).toEqual({ hits: 1, misses: 3, stored: 1 });
      h.clock.advance(5 * 60_000);
      expect((await login((n) => token('citizen', n))).state).toBe('complete');
      expect(pathCache.stats).toEqual({ hits: 1, misses: 4, stored: 2 });
    } finally {
      await h.close();
    }
  });

  it('a locked client address is refused before its token is checked, until the lock ends', async () => {
    const h = await startPortalHarness(s.simulators, { trust: s.trust, config: { publicOrigin: ORIGIN } });
    try {
      await insertCitizenAccount(h.db, AN, { id: 'acc-an-locked', passwordHash: null, createdAt: h.clock() });
      const c = await new ApiClient(h.instances[0]!).start();
      const flow = (await c.post('/api/login/flows', { method: 'usbKySo' })).json() as Json;
      // inject's client address
      await h.db
        .insertInto('lockouts')
        .values({
          key: 'ip:127.0.0.1',
          lockedUntil: h.clock() + 1_000,
          lockCount: 1,
          failures: 0,
          updatedAt: h.clock(),
        })
        .execute();
      const locked = (
        await c.post(`/api/login/flows/${flow.id}`, { authToken: await token('citizen', flow.ui.nonce!) })
      ).json() as Json;
      expect([locked.state, codes(locked)]).toEqual(['challenge', ['RATE_LIMITED']]);
      h.clock.advance(1_000);
      const open = (
        await c.post(`/api/login/flows/${flow.id}`, { authToken: await token('citizen', locked.ui.nonce!) })
      ).json() as Json;
      expect(open.state).toBe('complete');
    } finally {
      await h.close();
    }
  });

  it('without a trust list the method is not offered', async () => {
    const plain = await startPortalHarness(s.simulators);
    const c = await new ApiClient(plain.instances[0]!).start();
    const r = await c.post('/api/registration/flows', { subject: 'congDan', method: 'usbKySo' });
    expect([r.statusCode, r.json().error.code]).toEqual([400, 'METHOD_NOT_AVAILABLE']);
    const chooser = (await c.get('/dang-ky')).body;
    for (const slug of ['usb-ky-so', 'sim-ky-so', 'chu-ky-so-ca-nhan']) expect(chooser).not.toContain(slug);
    expect(chooser).toContain('thue-bao-di-dong');
    for (const method of ['simKySo', 'chuKySoCaNhan']) {
      const r = await c.post('/api/registration/flows', { subject: 'congDan', method });
      expect(r.statusCode).toBe(400);
    }
    const login = await c.post('/api/login/flows', { method: 'usbKySo' });
    expect([login.statusCode, login.json().error.code]).toEqual([400, 'METHOD_NOT_AVAILABLE']);
    await plain.close();
  });
});
