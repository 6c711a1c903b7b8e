/**
 * Cơ quan nhà nước (civil servants, State agencies): registration with a government-CA (Ban Cơ yếu) USB
 * token through the USB challenge–response; public-CA certificates refused for this subject, government
 * certificates refused for the others; accounts keyed `cqnn:<identifier>` beside the citizen account of
 * the same CCCD; login with the same token opens the State-agency account.
 */
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import { createAuthToken } from '@kyso/lib';
import type { DemoIdentityName } from '@kyso/lib/demo-pki';
import { describe, expect, it } from 'vitest';
import { demoPkiPortalSuite } from './demoPkiSuite.js';
import { ApiClient, startPortalHarness } from './portalTestKit.js';

const ORIGIN = 'http://localhost:8080';
/** DigestInfo prefix of SHA-256 (RFC 8017 §9.2). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
/** CCCD of the demo civil servant (Hoàng Văn Hải). */
const HAI = '036080002345';

type Json = {
  id: string;
  state: string;
  messages: { code: string; field?: string; text: string }[];
  ui: {
    nonce?: string;
    certificate?: {
      username: string;
      idType: string;
      fullName: string;
      organization?: string;
      organizationalUnits?: string[];
      title?: string;
    };
  };
  result?: { username: string };
};

describe('Cơ quan nhà nước: registration with a government-CA USB token', () => {
  const s = demoPkiPortalSuite({ government: true, config: { publicOrigin: ORIGIN } });

  async function token(name: DemoIdentityName, nonce: string) {
    const id = s.pki.identities[name];
    const key = createPrivateKey({ key: Buffer.from(id.privateKey), format: 'der', type: 'pkcs8' });
    return createAuthToken({
      origin: ORIGIN,
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

  async function begin(c: ApiClient, subject: string) {
    const r = await c.post('/api/registration/flows', { subject, method: 'usbKySo' });
    expect(r.statusCode).toBe(201);
    const flow = r.json() as Json;
    expect(flow.state).toBe('challenge');
    return flow;
  }
  async function submit(c: ApiClient, id: string, body: Record<string, unknown>) {
    const r = await c.post(`/api/registration/flows/${id}`, body);
    return { status: r.statusCode, json: r.json() as Json };
  }
  const codes = (j: Json) => j.messages.map((m) => m.code);

  /** A citizen account for the same CCCD, as registered by mobile subscriber. */
  async function citizenAccount(cccd: string) {
    await s.h.db
      .insertInto('accounts')
      .values({
        id: 'citizen-account',
        username: cccd,
        subject: 'congDan',
        idNumber: cccd,
        fullName: 'Hoàng Văn Hải',
        dateOfBirth: '01/01/1980',
        phone: '0912000111',
        email: null,
        bhxhCode: null,
        passwordHash: null,
        verificationLevel: 2,
        registrationMethod: 'thueBaoDiDong',
        createdAt: s.h.clock(),
      })
      .execute();
  }

  it('civil servant: government certificate → agency, unit and title shown → account cqnn:<CCCD> beside the citizen account; the token then logs into it', async () => {
    await citizenAccount(HAI);
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c, 'coQuanNhaNuoc');
    const r1 = await submit(c, flow.id, { authToken: await token('civilServant', flow.ui.nonce!) });
    expect([r1.status, r1.json.state, codes(r1.json)]).toEqual([200, 'confirm', ['USB_CERTIFICATE_READ']]);
    expect(r1.json.ui.certificate).toMatchObject({
      username: `cqnn:${HAI}`,
      idType: 'CCCD',
      fullName: 'Hoàng Văn Hải',
      organization: 'Bộ Tài chính (DEMO)',
      organizationalUnits: ['Cục Thuế'],
      title: 'Chuyên viên',
    });
    const page = (await c.get(`/dang-ky/luong/${flow.id}`)).body;
    expect(page).toContain(`CCCD: ${HAI}</td>`);
    expect(page).toContain('Bộ Tài chính (DEMO) — Cục Thuế</td>');
    expect(page).toContain('<td data-field="certificateTitle">Chuyên viên</td>');
    const r2 = await submit(c, flow.id, { email: 'hai.hoangvan@mof-demo.example', captcha: 'kiemthu' });
    expect([r2.json.state, r2.json.result]).toEqual(['complete', { username: `cqnn:${HAI}` }]);
    const accounts = await s.h.db
      .selectFrom('accounts')
      .select(['id', 'username', 'subject', 'idNumber', 'registrationMethod'])
      .where('idNumber', '=', HAI)
      .orderBy('username')
      .execute();
    expect(accounts.map((a) => [a.username, a.subject, a.registrationMethod])).toEqual([
      [HAI, 'congDan', 'thueBaoDiDong'],
      [`cqnn:${HAI}`, 'coQuanNhaNuoc', 'usbKySo'],
    ]);
    // The same token cannot register a second State-agency account.
    const again = await begin(c, 'coQuanNhaNuoc');
    expect(
      codes((await submit(c, again.id, { authToken: await token('civilServant', again.ui.nonce!) })).json),
    ).toEqual(['ACCOUNT_EXISTS']);
    // USB login with the government token opens the State-agency account, not the citizen one.
    const l = await c.post('/api/login/flows', { method: 'usbKySo' });
    const login = l.json() as Json;
    const signed = await c.post(`/api/login/flows/${login.id}`, {
      authToken: await token('civilServant', login.ui.nonce!),
    });
    expect((signed.json() as Json).state).toBe('complete');
    const me = (await c.get('/api/account')).json() as { account: { username: string; subject: string } };
    expect(me.account).toMatchObject({ username: `cqnn:${HAI}`, subject: 'coQuanNhaNuoc' });
  });

  it('budget unit: the unit certificate (MST + MNS) registers cqnn:<MST>', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c, 'coQuanNhaNuoc');
    const r1 = await submit(c, flow.id, { authToken: await token('budgetUnit', flow.ui.nonce!) });
    expect(r1.json.ui.certificate).toMatchObject({
      username: 'cqnn:0402145679',
      idType: 'MST',
      organization: 'ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU (DEMO)',
    });
  });

  it.each(['citizen', 'business'] as const)(
    'a public-CA certificate (%s) is refused for Cơ quan nhà nước with its message',
    async (name) => {
      const c = await new ApiClient(s.h.instances[0]!).start();
      const flow = await begin(c, 'coQuanNhaNuoc');
      const r = await submit(c, flow.id, { authToken: await token(name, flow.ui.nonce!) });
      expect([r.status, r.json.state, codes(r.json)]).toEqual([
        400,
        'challenge',
        ['CERT_GOVERNMENT_CA_REQUIRED'],
      ]);
      expect(r.json.messages[0]!.text).toContain('Ban Cơ yếu Chính phủ');
    },
  );

  it.each([
    ['congDan', 'civilServant'],
    ['doanhNghiep', 'budgetUnit'],
  ] as const)('a government certificate is refused for %s (%s)', async (subject, name) => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c, subject);
    const r = await submit(c, flow.id, { authToken: await token(name, flow.ui.nonce!) });
    expect([r.json.state, codes(r.json)]).toEqual(['challenge', ['CERT_GOVERNMENT_CA_AGENCIES_ONLY']]);
    expect(await s.h.db.selectFrom('accounts').select('id').execute()).toEqual([]);
  });

  it('the chooser offers USB ký số to Cơ quan nhà nước; without the government roots the method is not offered', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const offered = (await c.get('/dang-ky')).body;
    expect(offered).toContain('href="/dang-ky/co-quan-nha-nuoc/usb-ky-so"');
    // The state-agency card says which token it needs, not the citizen/business text.
    const agencyCard = offered.slice(offered.indexOf('href="/dang-ky/co-quan-nha-nuoc/usb-ky-so"'));
    expect(agencyCard.slice(0, agencyCard.indexOf('</a>'))).toContain('Ban Cơ yếu Chính phủ');
    const { governmentAnchors: _, ...publicOnly } = s.trust;
    const narrow = await startPortalHarness(s.simulators, {
      trust: publicOnly,
      config: { publicOrigin: ORIGIN },
    });
    const n = await new ApiClient(narrow.instances[0]!).start();
    const chooser = (await n.get('/dang-ky')).body;
    expect(chooser).toContain('href="/dang-ky/cong-dan/usb-ky-so"');
    expect(chooser).not.toContain('href="/dang-ky/co-quan-nha-nuoc/');
    const r = await n.post('/api/registration/flows', { subject: 'coQuanNhaNuoc', method: 'usbKySo' });
    expect([r.statusCode, r.json().error.code]).toEqual([400, 'METHOD_NOT_AVAILABLE']);
    await narrow.close();
  });
});
