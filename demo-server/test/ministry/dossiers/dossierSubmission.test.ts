/**
 * The dossier journey over a real Fastify app and database: sign-in and linking rules (Decree 45/2020), the
 * prefilled form and its validation, a USB-token CAdES signature accepted with its verification report, and
 * the refusals: tampered content or CMS, another citizen's certificate, a revoked certificate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierHarness } from './dossierTestKit.js';
import {
  account,
  attributeOf,
  codesIn,
  RESIDENCE_FORM,
  reportChecks,
  signAs,
  startDossierHarness,
} from './dossierTestKit.js';

const AN = '001090012345';
const BINH = '001175009876';

describe('dossiers signed with a USB token', () => {
  let h: DossierHarness;
  beforeAll(async () => {
    h = await startDossierHarness();
    h.accounts.set(
      'an',
      account({
        id: 'acc-an',
        idNumber: AN,
        phone: '0912345678',
        nationalClaims: {
          HoVaTen: 'Nguyễn Văn An',
          SoDinhDanh: AN,
          NgayThangNamSinh: '19900315',
          GioiTinh: 1,
          ThuongTru: 'Số 12 phố Tràng Tiền, Phường Hoàn Kiếm, Hà Nội',
          SoDienThoai: '0912345678',
        },
      }),
    );
    h.accounts.set('an-local', account({ id: 'acc-an-local', idNumber: AN, linked: false }));
    h.accounts.set(
      'kyso',
      account({
        id: 'acc-kyso',
        idNumber: '0105684325',
        subject: 'doanhNghiep',
        fullName: 'CÔNG TY TNHH PHẦN MỀM KYSO DEMO',
      }),
    );
    const hoa = h.pki.identities.expired.person;
    h.accounts.set(
      'hoa',
      account({ id: 'acc-hoa', idNumber: hoa?.cccd ?? '', fullName: hoa?.fullName ?? '' }),
    );
    const minh = h.pki.identities.wrongKeyUsage.person;
    h.accounts.set(
      'minh',
      account({ id: 'acc-minh', idNumber: minh?.cccd ?? '', fullName: minh?.fullName ?? '' }),
    );
    const lan = h.pki.identities.revoked.person;
    h.accounts.set(
      'lan',
      account({ id: 'acc-lan', idNumber: lan?.cccd ?? '', fullName: lan?.fullName ?? '' }),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  async function draft(as: string, form = RESIDENCE_FORM): Promise<{ id: string; declaration: Uint8Array }> {
    const r = await h.post('/thu-tuc/dang-ky-thuong-tru', form, as);
    expect(r.statusCode).toBe(303);
    const id = /^\/ho-so\/([0-9a-f-]{36})\/ky$/.exec(String(r.headers.location))?.[1];
    expect(id).toBeDefined();
    const page = await h.get(`/ho-so/${id}/ky`, as);
    expect(page.statusCode).toBe(200);
    const b64 = attributeOf(page.body, 'kyso-dossier-form', 'data-declaration') ?? '';
    return { id: id ?? '', declaration: new Uint8Array(Buffer.from(b64, 'base64')) };
  }

  async function submitUsb(id: string, cms: Uint8Array, as = 'an') {
    return h.post(`/ho-so/${id}/ky/usb`, { cms: Buffer.from(cms).toString('base64') }, as);
  }

  async function row(id: string) {
    return h.db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  it('sends an anonymous visitor to sign in, back to the same procedure', async () => {
    const r = await h.get('/thu-tuc/cap-ho-chieu-pho-thong');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/dang-nhap?returnTo=%2Fthu-tuc%2Fcap-ho-chieu-pho-thong');
    expect((await h.get('/thu-tuc/khong-co', 'an')).statusCode).toBe(404);
  });

  it('refuses an account not linked to the national portal (Decree 45/2020), on the form and on submission', async () => {
    const page = await h.get('/thu-tuc/dang-ky-thuong-tru', 'an-local');
    expect(page.statusCode).toBe(403);
    expect(codesIn(page.body)).toContain('NOT_LINKED');
    expect(page.body).toContain('Nghị định 45/2020');
    const post = await h.post('/thu-tuc/dang-ky-thuong-tru', RESIDENCE_FORM, 'an-local');
    expect(post.statusCode).toBe(403);
    const count = await h.db
      .selectFrom('dossiers')
      .select('id')
      .where('accountId', '=', 'acc-an-local')
      .execute();
    expect(count).toHaveLength(0);
  });

  it('serves the signing page script, bundled with the page SDK', async () => {
    const r = await h.get('/static/ho-so/ky-so.js');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('javascript');
    expect(r.body).toContain('kyso-dossier-form');
    expect(r.body.length).toBeGreaterThan(10_000);
  });

  it('tells a business account that these procedures are for citizens', async () => {
    const page = await h.get('/thu-tuc/dang-ky-thuong-tru', 'kyso');
    expect(page.statusCode).toBe(403);
    expect(codesIn(page.body)).toContain('PROCEDURE_CITIZENS_ONLY');
    expect((await h.post('/thu-tuc/dang-ky-thuong-tru', RESIDENCE_FORM, 'kyso')).statusCode).toBe(403);
  });

  it('prefills the form from the national claims', async () => {
    const page = await h.get('/thu-tuc/cap-ho-chieu-pho-thong', 'an');
    expect(page.statusCode).toBe(200);
    expect(attributeOf(page.body, 'f-hoVaTen', 'value')).toBe('Nguyễn Văn An');
    expect(attributeOf(page.body, 'f-soDinhDanh', 'value')).toBe(AN);
    expect(attributeOf(page.body, 'f-ngaySinh', 'value')).toBe('15/03/1990');
    expect(attributeOf(page.body, 'f-thuongTru', 'value')).toBe(
      'Số 12 phố Tràng Tiền, Phường Hoàn Kiếm, Hà Nội',
    );
    expect(page.body).toMatch(/<option value="1" selected/);
    expect(page.body).toContain('data-prefilled="true"');
  });

  it('shows field messages and keeps the input when the form is invalid (English too)', async () => {
    const r = await h.post(
      '/thu-tuc/dang-ky-thuong-tru?lang=en',
      { ...RESIDENCE_FORM, soDienThoai: '12345', quanHeChuHo: 'con', hoTenChuHo: '' },
      'an',
    );
    expect(r.statusCode).toBe(422);
    expect(attributeOf(r.body, 'err-soDienThoai', 'data-code')).toBe('PHONE_INVALID');
    expect(attributeOf(r.body, 'err-hoTenChuHo', 'data-code')).toBe('FIELD_REQUIRED');
    expect(r.body).toContain('Invalid mobile number');
    expect(attributeOf(r.body, 'f-soDienThoai', 'value')).toBe('12345');
    expect(attributeOf(r.body, 'f-diaChiDangKy', 'value')).toBe(RESIDENCE_FORM.diaChiDangKy);
  });

  it('accepts the account holder’s CAdES signature: received, report, trail, notification', async () => {
    const { id, declaration } = await draft('an');
    const before = await row(id);
    expect(before.status).toBe('draft');
    // What was stored is exactly what the page signs.
    expect(Buffer.from(declaration).toString('utf8')).toBe(before.declaration);
    const r = await submitUsb(id, await signAs(h.pki.identities.citizen, declaration));
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/ho-so/${id}?ok=1`);
    const stored = await row(id);
    expect(stored).toMatchObject({
      status: 'received',
      signatureMethod: 'usb',
      signerId: AN,
      signerName: 'Nguyễn Văn An',
    });
    const page = await h.get(`/ho-so/${id}`, 'an');
    expect(page.statusCode).toBe(200);
    expect(attributeOf(page.body, 'bao-cao-xac-thuc', 'data-valid')).toBe('true');
    expect(reportChecks(page.body)).toMatchObject({
      issuer: '',
      signer: 'true',
      integrity: 'true',
      validAtSigningTime: 'true',
      revocation: 'true',
      validity: '',
      signingTime: '',
    });
    expect(page.body).toContain('DEMO VNPT-CA SHA-256');
    expect(page.body).toContain('Chữ ký số hợp lệ.');
    expect(page.body).toContain('USB ký số (Kyso)');
    expect(page.body).toContain('Đã tiếp nhận');
    expect([...page.body.matchAll(/data-event="([a-zA-Z]+)"/g)].map((m) => m[1])).toEqual([
      'created',
      'submitted',
    ]);
    expect(h.notices.at(-1)).toMatchObject({ accountId: 'acc-an' });
    expect(h.notices.at(-1)?.subject).toContain('đã được tiếp nhận');
    expect(h.audits.map((a) => a.event)).toContain('dossier.submitted');
    // A received dossier cannot be signed again.
    const again = await submitUsb(id, await signAs(h.pki.identities.citizen, declaration));
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/ho-so/${id}`);
    // Listed in "my dossiers", invisible to another account.
    expect((await h.get('/ho-so', 'an')).body).toContain(stored.reference);
    expect((await h.get(`/ho-so/${id}`, 'lan')).statusCode).toBe(404);
  });

  it('refuses a signature over other content, and a CMS that is not one', async () => {
    const { id, declaration } = await draft('an');
    const other = new TextEncoder().encode(
      Buffer.from(declaration).toString('utf8').replace('Cầu Giấy', 'Ba Đình'),
    );
    const r = await submitUsb(id, await signAs(h.pki.identities.citizen, other));
    expect(r.statusCode).toBe(422);
    expect(codesIn(r.body)).toEqual(expect.arrayContaining(['SIGNATURE_REFUSED', 'CMS_DIGEST_MISMATCH']));
    expect(await row(id)).toMatchObject({ status: 'draft', cms: null });
    const garbage = await h.post(
      `/ho-so/${id}/ky/usb`,
      { cms: Buffer.from('not a cms').toString('base64') },
      'an',
    );
    expect(garbage.statusCode).toBe(422);
    expect(codesIn(garbage.body)).toContain('CMS_MALFORMED');
    const empty = await h.post(`/ho-so/${id}/ky/usb`, { cms: '%%%' }, 'an');
    expect(empty.statusCode).toBe(400);
    expect(codesIn(empty.body)).toContain('SIGNATURE_MISSING');
    const events = await h.db
      .selectFrom('dossierEvents')
      .select('kind')
      .where('dossierId', '=', id)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['created', 'signatureRefused', 'signatureRefused']);
  });

  it("refuses another citizen's certificate with a clear message, nothing stored as accepted", async () => {
    const { id, declaration } = await draft('an');
    const r = await submitUsb(id, await signAs(h.pki.identities.employee, declaration));
    expect(r.statusCode).toBe(422);
    expect(codesIn(r.body)).toContain('DOSSIER_SIGNER_MISMATCH');
    expect(r.body).toContain('không phải của chủ tài khoản');
    expect(await row(id)).toMatchObject({ status: 'draft', cms: null, signerId: null });
    const en = await h.post(
      `/ho-so/${id}/ky/usb?lang=en`,
      { cms: Buffer.from(await signAs(h.pki.identities.employee, declaration)).toString('base64') },
      'an',
    );
    expect(en.body).toContain("is not the account holder's");
  });

  it('refuses a revoked certificate (OCSP from the demo CA)', async () => {
    const { id, declaration } = await draft('lan', {
      ...RESIDENCE_FORM,
      hoVaTen: h.pki.identities.revoked.person?.fullName ?? '',
      soDinhDanh: h.pki.identities.revoked.person?.cccd ?? '',
    });
    const r = await submitUsb(id, await signAs(h.pki.identities.revoked, declaration), 'lan');
    expect(r.statusCode).toBe(422);
    expect(codesIn(r.body)).toContain('REVOKED');
    expect(await row(id)).toMatchObject({ status: 'draft', cms: null });
  });

  it('refuses an expired certificate', async () => {
    const hoa = h.pki.identities.expired;
    const { id, declaration } = await draft('hoa', {
      ...RESIDENCE_FORM,
      hoVaTen: hoa.person?.fullName ?? '',
      soDinhDanh: hoa.person?.cccd ?? '',
      gioiTinh: '2',
    });
    const r = await submitUsb(id, await signAs(hoa, declaration), 'hoa');
    expect(r.statusCode).toBe(422);
    expect(codesIn(r.body)).toContain('EXPIRED');
    expect(await row(id)).toMatchObject({ status: 'draft', cms: null });
  });

  it('refuses a certificate whose key usage does not allow signing', async () => {
    const minh = h.pki.identities.wrongKeyUsage;
    const { id, declaration } = await draft('minh', {
      ...RESIDENCE_FORM,
      hoVaTen: minh.person?.fullName ?? '',
      soDinhDanh: minh.person?.cccd ?? '',
    });
    const r = await submitUsb(id, await signAs(minh, declaration), 'minh');
    expect(r.statusCode).toBe(422);
    expect(codesIn(r.body)).toContain('CMS_KEY_USAGE');
    expect(await row(id)).toMatchObject({ status: 'draft', cms: null });
  });

  it('shows the report in English with the Vietnamese kept (TT 15/2025 asks for Vietnamese)', async () => {
    const { id, declaration } = await draft('an');
    expect((await submitUsb(id, await signAs(h.pki.identities.citizen, declaration))).statusCode).toBe(303);
    const page = await h.get(`/ho-so/${id}?lang=en`, 'an');
    expect(page.body).toContain('<span lang="vi">Chữ ký số hợp lệ.</span> (The signature is valid.)');
    // The report's Vietnamese wording is marked as Vietnamese for screen readers, the English added beside it.
    expect(page.body).toContain(
      '<span lang="vi">Tổ chức cung cấp dịch vụ chứng thực (CA)</span><em> (Issuing CA)</em>',
    );
    expect(page.body).toContain('USB token (Kyso)');
  });

  it('detects tampering in the database on every view: declaration, then CMS', async () => {
    const { id, declaration } = await draft('an');
    expect((await submitUsb(id, await signAs(h.pki.identities.citizen, declaration))).statusCode).toBe(303);
    const stored = await row(id);
    await h.db
      .updateTable('dossiers')
      .set({ declaration: stored.declaration.replace('Cầu Giấy', 'Tây Hồ') })
      .where('id', '=', id)
      .execute();
    const page = await h.get(`/ho-so/${id}`, 'an');
    expect(attributeOf(page.body, 'bao-cao-xac-thuc', 'data-valid')).toBe('false');
    expect(reportChecks(page.body).integrity).toBe('false');
    expect(page.body).toContain('Chữ ký số KHÔNG hợp lệ.');
    // Declaration back, signature value altered.
    const cms = Buffer.from(stored.cms, 'base64');
    cms[cms.length - 5] = (cms[cms.length - 5] ?? 0) ^ 0xff;
    await h.db
      .updateTable('dossiers')
      .set({ declaration: stored.declaration, cms: cms.toString('base64') })
      .where('id', '=', id)
      .execute();
    const page2 = await h.get(`/ho-so/${id}`, 'an');
    expect(attributeOf(page2.body, 'bao-cao-xac-thuc', 'data-valid')).toBe('false');
    expect(codesIn(page2.body)).toContain('CMS_SIGNATURE_INVALID');
  });
});

describe('dossiers when revocation cannot be checked', () => {
  let h: DossierHarness;
  beforeAll(async () => {
    h = await startDossierHarness({
      trust: (pki) => ({
        anchors: [pki.roots.national, pki.roots.government],
        intermediates: Object.values(pki.cas)
          .filter((ca) => ca.parent !== null)
          .map((ca) => ca.certificate),
        revocationFetch: async () => {
          throw new Error('OCSP and CRL unreachable');
        },
      }),
    });
    // Bình's certificate names her old CMND (never checked earlier in this process, so nothing is cached).
    h.accounts.set(
      'binh',
      account({
        id: 'acc-binh',
        idNumber: BINH,
        fullName: 'Trần Thị Bình',
        nationalClaims: { SoCMND: '012875341' },
      }),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('accepts the signature (CMND certificate of a CCCD account) and shows the revocation warning (Appendix II 1.2)', async () => {
    const r = await h.post(
      '/thu-tuc/dang-ky-thuong-tru',
      { ...RESIDENCE_FORM, hoVaTen: 'Trần Thị Bình', soDinhDanh: BINH, gioiTinh: '2' },
      'binh',
    );
    expect(r.statusCode).toBe(303);
    const id = String(r.headers.location).split('/')[2] ?? '';
    const page = await h.get(`/ho-so/${id}/ky`, 'binh');
    const declaration = Buffer.from(
      attributeOf(page.body, 'kyso-dossier-form', 'data-declaration') ?? '',
      'base64',
    );
    const signed = await h.post(
      `/ho-so/${id}/ky/usb`,
      { cms: Buffer.from(await signAs(h.pki.identities.citizenCmnd, declaration)).toString('base64') },
      'binh',
    );
    expect(signed.statusCode).toBe(303);
    const detail = await h.get(`/ho-so/${id}`, 'binh');
    expect(attributeOf(detail.body, 'bao-cao-xac-thuc', 'data-valid')).toBe('true');
    expect(reportChecks(detail.body).revocation).toBe('false');
    expect(detail.body).toContain('data-warning="revocation-unknown"');
    expect(codesIn(detail.body)).toContain('REVOCATION_UNKNOWN');
  });
});
