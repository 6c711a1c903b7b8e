/**
 * Attacks on the ministry portal over its real app (real database, sessions, CSRF, lockouts, demo-PKI login
 * tokens with revocation over the simulators): a link flow replayed from another browser session, its steps
 * skipped, an OTP reused, a USB login token made for another origin or by another person; session fixation
 * on sign-in; open redirects through `returnTo`; another citizen's dossier (IDOR), a citizen on the officer
 * routes, status changes and signatures posted without the CSRF token; cookie flags; and the SSO
 * callback's authorization code and state kept out of the logs.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { Writable } from 'node:stream';
import { signCms } from '@kyso/lib';
import { type DemoPki, loadDemoPki } from '@kyso/lib/demo-pki';
import * as x509 from '@peculiar/x509';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BCA_PASSWORD, DEMO_OFFICER } from '../../src/ministry/accounts/demoAccounts.js';
import { accountByIdentity } from '../../src/ministry/accounts/ministryAccounts.js';
import { openMinistryDatabase } from '../../src/ministry/db/openMinistryDatabase.js';
import type { DossierEventRow, DossierRow } from '../../src/ministry/dossiers/dossierStore.js';
import { findLink, linkIdentity } from '../../src/ministry/linking/federatedIdentities.js';
import { startFlow } from '../../src/ministry/linking/ministryFlows.js';
import { buildMinistryApp } from '../../src/ministry/ministryApp.js';
import { tokenHash } from '../../src/portal/security/secretDigest.js';
import { redactUrl } from '../../src/portal/web/logging.js';
import { demoPkiTrust } from '../portal/demoPkiTrust.js';
import { lastOtp, type Simulators, startTestSimulators } from '../portal/portalTestKit.js';
import { attributeOf, RESIDENCE_FORM, rsaSigner } from './dossiers/dossierTestKit.js';
import {
  codesOf,
  MinistryClient,
  type MinistryHarness,
  ministryTestConfig,
  startMinistryHarness,
} from './ministryTestKit.js';
import { demoLoginToken, nonceOf } from './usbTokenKit.js';

const ORIGIN = 'http://localhost:8081';
const ISSUER = 'http://localhost:8080';
const AN = { cccd: '001090012345', phone: '0912345678', name: 'Nguyễn Văn An' };
const MAI = { cccd: DEMO_OFFICER.idNumber, phone: DEMO_OFFICER.phone };
const KYSO_MST = '0105684325';

let pki: DemoPki;
let simulators: Simulators;
let h: MinistryHarness;

beforeAll(async () => {
  pki = await loadDemoPki();
  simulators = await startTestSimulators();
  h = await startMinistryHarness(ministryTestConfig(simulators.url, { publicOrigin: ORIGIN }), {
    trust: demoPkiTrust(pki, simulators.url),
  });
});

afterAll(async () => {
  await h?.close();
  await simulators?.close();
});

async function signInLocally(c: MinistryClient, who: { cccd: string; phone: string }) {
  await c.get('/dang-nhap');
  const r = await c.post('/dang-nhap', { idNumber: who.cccd, password: DEMO_BCA_PASSWORD });
  expect(r.statusCode).toBe(303);
  const flowUrl = r.headers.location as string;
  await c.get(flowUrl);
  const ok = await c.post(`${flowUrl}/otp`, { otp: await lastOtp(simulators, who.phone) });
  expect(ok.statusCode).toBe(303);
}

/** A self-signed certificate carrying `cccd` as the demo PKI writes it (UID=CCCD:…), with signing key usage. */
async function selfSignedHolderCertificate(cccd: string, name: string) {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a1b2c3d',
    name: `CN=${name}, 0.9.2342.19200300.100.1.1=CCCD:${cccd}, C=VN`,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        true,
      ),
    ],
  });
  return {
    certificate: new Uint8Array(cert.rawData),
    privateKey: new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
  };
}

const sessionHashOf = (c: MinistryClient) => tokenHash(c.cookie.replace(/^kyso_bca_sid=/, ''));

/** The dossier module's tables in the ministry database (created by its migrations). */
const dossierDb = () => h.db as unknown as Kysely<{ dossiers: DossierRow; dossierEvents: DossierEventRow }>;

async function anAccount() {
  const a = await accountByIdentity(h.db, { subject: 'congDan', idNumber: AN.cccd });
  if (!a) throw new Error('the demo account of An is missing');
  return a;
}

const AN_CLAIMS = { LoaiTaiKhoan: '1', SoDinhDanh: AN.cccd, HoVaTen: AN.name };

/** A "Xác nhận liên kết" flow of `c`'s session (An's account by default), as the SSO callback leaves it. */
async function linkFlow(
  c: MinistryClient,
  subject: string,
  accountId?: string,
  claims: Record<string, unknown> = AN_CLAIMS,
): Promise<string> {
  await c.get('/');
  const flow = await startFlow(h.db, h.clock, h.ctx.config.limits.flowTtlMs, {
    sessionIdHash: sessionHashOf(c),
    purpose: 'link',
    accountId: accountId ?? (await anAccount()).id,
    returnTo: '/tai-khoan',
    national: {
      issuer: ISSUER,
      subject,
      sid: 'op-session',
      idToken: 'id-token',
      userinfo: { sub: subject, ...claims },
    },
  });
  return `/lien-ket/${flow.id}`;
}

describe('linking attacks', () => {
  it('a link flow is refused in another browser session, and its OTP step cannot be reached without the password', async () => {
    const owner = new MinistryClient(h.app);
    const url = await linkFlow(owner, 'sub-skip');
    const stranger = new MinistryClient(h.app);
    await stranger.get('/dang-nhap');
    expect((await stranger.get(url)).statusCode).toBe(410);
    expect((await stranger.post(`${url}/mat-khau`, { password: DEMO_BCA_PASSWORD })).statusCode).toBe(410);
    // The owner skips the password step: the flow ends, nothing is linked.
    const page = await owner.get(url);
    expect(codesOf(page.body)).toContain('LINK_CONFIRM');
    expect((await owner.post(`${url}/otp`, { otp: '000000' })).statusCode).toBe(410);
    expect((await owner.get(url)).statusCode).toBe(410);
    expect(await findLink(h.db, ISSUER, 'sub-skip')).toBeUndefined();
  });

  it('refuses a USB login token made for another origin, by another person or with a revoked certificate', async () => {
    const c = new MinistryClient(h.app);
    const url = await linkFlow(c, 'sub-usb');
    const attempt = async (name: 'citizen' | 'citizenCmnd' | 'revoked', origin: string) => {
      const nonce = nonceOf((await c.get(url)).body);
      return c.post(`${url}/usb`, { authToken: await demoLoginToken(pki, name, nonce, origin) });
    };
    const otherOrigin = await attempt('citizen', ISSUER);
    expect(otherOrigin.statusCode).toBe(400);
    expect(codesOf(otherOrigin.body)).toContain('AUTH_TOKEN_SIGNATURE');
    const otherPerson = await attempt('citizenCmnd', ORIGIN);
    expect(codesOf(otherPerson.body)).toContain('USB_WRONG_PERSON');
    const revoked = await attempt('revoked', ORIGIN);
    expect(revoked.statusCode).toBe(400);
    expect(codesOf(revoked.body)).toContain('CERTIFICATE_REVOKED');
    expect(await findLink(h.db, ISSUER, 'sub-usb')).toBeUndefined();
    // A challenge is good once: the token over an already used challenge is refused.
    const nonce = nonceOf((await c.get(url)).body);
    const token = await demoLoginToken(pki, 'citizen', nonce, ORIGIN);
    const linked = await c.post(`${url}/usb`, { authToken: token });
    expect(linked.statusCode).toBe(303);
    expect((await findLink(h.db, ISSUER, 'sub-usb'))?.accountId).toBe((await anAccount()).id);
  });

  it('an OTP is good once: replaying it after the link was made links nothing more', async () => {
    const c = new MinistryClient(h.app);
    const url = await linkFlow(c, 'sub-otp');
    await c.get(url);
    expect((await c.post(`${url}/mat-khau`, { password: DEMO_BCA_PASSWORD })).statusCode).toBe(303);
    const otp = await lastOtp(simulators, AN.phone);
    const done = await c.post(`${url}/otp`, { otp });
    expect(done.statusCode).toBe(303);
    expect((await findLink(h.db, ISSUER, 'sub-otp'))?.accountId).toBe((await anAccount()).id);
    const entries = await h.db
      .selectFrom('auditLog')
      .select(['event', 'detail'])
      .where('accountId', '=', (await anAccount()).id)
      .where('event', '=', 'link.created')
      .execute();
    expect(entries.some((e) => e.detail.includes('password+otp'))).toBe(true);
    // Replay: the flow (and its OTP) are gone, in this session and in a second flow of it.
    await c.get('/tai-khoan');
    expect((await c.post(`${url}/otp`, { otp })).statusCode).toBe(410);
    const next = await linkFlow(c, 'sub-otp-2');
    await c.get(next);
    expect((await c.post(`${next}/otp`, { otp })).statusCode).toBe(410);
    expect(await findLink(h.db, ISSUER, 'sub-otp-2')).toBeUndefined();
  });

  it('locks the account after 10 wrong passwords in a link flow: then even the right one links nothing', async () => {
    const business = await accountByIdentity(h.db, { subject: 'doanhNghiep', idNumber: KYSO_MST });
    if (!business) throw new Error('the demo business account is missing');
    const c = new MinistryClient(h.app);
    const url = await linkFlow(c, 'sub-brute', business.id, { LoaiTaiKhoan: '2', MaSoThue: KYSO_MST });
    await c.get(url);
    const codes: string[] = [];
    for (let i = 0; i < h.ctx.config.limits.loginFailuresPerAccount; i++)
      codes.push(...codesOf((await c.post(`${url}/mat-khau`, { password: `Sai@${i}2026` })).body));
    expect(codes.filter((code) => code === 'PASSWORD_WRONG')).toHaveLength(9);
    expect(codes).toContain('ACCOUNT_LOCKED');
    const right = await c.post(`${url}/mat-khau`, { password: DEMO_BCA_PASSWORD });
    expect(right.statusCode).toBe(429);
    expect(codesOf(right.body)).toContain('ACCOUNT_LOCKED');
    expect(await findLink(h.db, ISSUER, 'sub-brute')).toBeUndefined();
  });

  it("an unlink flow belongs to its account's session; unlinking without re-authentication removes nothing", async () => {
    const an = new MinistryClient(h.app);
    await signInLocally(an, AN);
    await linkIdentity(h.db, h.clock, {
      issuer: ISSUER,
      subject: 'sub-unlink',
      accountId: (await anAccount()).id,
      idNumber: AN.cccd,
    });
    await an.get('/tai-khoan');
    const start = await an.post('/tai-khoan/huy-lien-ket', { issuer: ISSUER });
    expect(start.statusCode).toBe(303);
    const url = start.headers.location as string;
    const mai = new MinistryClient(h.app);
    await signInLocally(mai, MAI);
    expect((await mai.get(url)).statusCode).toBe(410);
    await an.get(url);
    expect((await an.post(`${url}/otp`, { otp: '123456' })).statusCode).toBe(410);
    expect(await findLink(h.db, ISSUER, 'sub-unlink')).toBeDefined();
  });
});

describe('session and redirects', () => {
  it('rotates the session on sign-in (no fixation): the pre-login cookie is not signed in', async () => {
    const c = new MinistryClient(h.app);
    await c.get('/dang-nhap');
    const before = c.cookie;
    await signInLocally(c, AN);
    expect(c.cookie).not.toBe(before);
    expect((await c.get('/tai-khoan')).statusCode).toBe(200);
    const fixed = new MinistryClient(h.app);
    fixed.cookie = before;
    const r = await fixed.get('/tai-khoan');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/dang-nhap?returnTo=%2Ftai-khoan');
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and Secure on an https origin', async () => {
    const plain = await new MinistryClient(h.app).get('/');
    const cookie = plain.cookies.find((k) => k.name === 'kyso_bca_sid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const https = await startMinistryHarness(
      ministryTestConfig(simulators.url, { publicOrigin: 'https://dichvucong.bocongan.example' }),
    );
    try {
      const r = await new MinistryClient(https.app).get('/');
      expect(r.cookies.find((k) => k.name === 'kyso_bca_sid')).toMatchObject({
        httpOnly: true,
        secure: true,
      });
    } finally {
      await https.close();
    }
  });

  it('follows only same-origin relative paths in returnTo', async () => {
    const c = new MinistryClient(h.app);
    await signInLocally(c, AN);
    for (const evil of [
      '//evil.example/',
      '/\\evil.example/',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\tevil',
      ' /ho-so',
      `/${'a'.repeat(600)}`,
    ]) {
      const r = await c.get(`/dang-nhap?returnTo=${encodeURIComponent(evil)}`);
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe('/');
    }
    const ok = await c.get(`/dang-nhap?returnTo=${encodeURIComponent('/ho-so?trang=2')}`);
    expect(ok.headers.location).toBe('/ho-so?trang=2');
  });
});

describe('dossier attacks', () => {
  let an: MinistryClient;
  let mai: MinistryClient;
  let dossierId: string;
  beforeAll(async () => {
    an = new MinistryClient(h.app);
    await signInLocally(an, AN);
    await linkIdentity(h.db, h.clock, {
      issuer: ISSUER,
      subject: 'sub-dossier',
      accountId: (await anAccount()).id,
      idNumber: AN.cccd,
    });
    await an.get('/thu-tuc/dang-ky-thuong-tru');
    const created = await an.post('/thu-tuc/dang-ky-thuong-tru', RESIDENCE_FORM);
    expect(created.statusCode).toBe(303);
    dossierId = /^\/ho-so\/([0-9a-f-]{36})\/ky$/.exec(String(created.headers.location))?.[1] ?? '';
    expect(dossierId).not.toBe('');
    mai = new MinistryClient(h.app);
    await signInLocally(mai, MAI);
  });

  it("another citizen cannot see, sign or poll someone else's dossier (404, nothing changes)", async () => {
    await linkIdentity(h.db, h.clock, {
      issuer: ISSUER,
      subject: 'sub-mai',
      accountId: (await accountByIdentity(h.db, { subject: 'congDan', idNumber: MAI.cccd }))?.id ?? '',
      idNumber: MAI.cccd,
    });
    await mai.get('/');
    for (const path of [`/ho-so/${dossierId}`, `/ho-so/${dossierId}/ky`, `/ho-so/${dossierId}/ky/cho`])
      expect((await mai.get(path)).statusCode).toBe(404);
    expect((await mai.post(`/ho-so/${dossierId}/ky/usb`, { cms: 'MIIB' })).statusCode).toBe(404);
    expect((await mai.post(`/ho-so/${dossierId}/ky/tu-xa`)).statusCode).toBe(404);
    expect((await mai.get('/ho-so')).body).not.toContain(dossierId);
    const row = await dossierDb()
      .selectFrom('dossiers')
      .selectAll()
      .where('id', '=', dossierId)
      .executeTakeFirst();
    expect(row?.status).toBe('draft');
    expect(row?.cms).toBeNull();
  });

  it('refuses a signature posted without the CSRF token', async () => {
    await an.get(`/ho-so/${dossierId}/ky`);
    const r = await an.post(`/ho-so/${dossierId}/ky/usb`, { cms: 'MIIB' }, null);
    expect(r.statusCode).toBe(403);
    expect(codesOf(r.body)).toEqual(['CSRF_INVALID']);
    const events = await dossierDb()
      .selectFrom('dossierEvents')
      .select('kind')
      .where('dossierId', '=', dossierId)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['created']);
  });

  it('refuses a signature whose certificate names the holder but chains to no trusted root', async () => {
    const page = await an.get(`/ho-so/${dossierId}/ky`);
    const declaration = Buffer.from(
      attributeOf(page.body, 'kyso-dossier-form', 'data-declaration') ?? '',
      'base64',
    );
    const forged = await selfSignedHolderCertificate(AN.cccd, AN.name);
    const cms = await signCms({
      content: declaration,
      detached: true,
      certificate: forged.certificate,
      chain: [],
      signer: rsaSigner({ privateKey: forged.privateKey }),
    });
    const r = await an.post(`/ho-so/${dossierId}/ky/usb`, { cms: Buffer.from(cms).toString('base64') });
    expect(r.statusCode).toBe(422);
    expect(codesOf(r.body)).toContain('SIGNATURE_REFUSED');
    // Refused for the path alone: the forged certificate does name the account holder.
    expect(codesOf(r.body)).toContain('NO_PATH');
    expect(codesOf(r.body)).not.toContain('DOSSIER_SIGNER_MISMATCH');
    const row = await dossierDb()
      .selectFrom('dossiers')
      .select(['status', 'cms'])
      .where('id', '=', dossierId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', cms: null });
  });

  it('keeps status changes to officers, and only with the CSRF token', async () => {
    await dossierDb()
      .updateTable('dossiers')
      .set({ status: 'received', submittedAt: h.clock() })
      .where('id', '=', dossierId)
      .execute();
    const status = async () =>
      (
        await dossierDb()
          .selectFrom('dossiers')
          .select('status')
          .where('id', '=', dossierId)
          .executeTakeFirst()
      )?.status;
    await an.get('/ho-so');
    const byCitizen = await an.post(`/can-bo/ho-so/${dossierId}/trang-thai`, {
      from: 'received',
      status: 'processing',
    });
    expect(byCitizen.statusCode).toBe(403);
    expect(codesOf(byCitizen.body)).toContain('OFFICER_ONLY');
    await mai.get(`/can-bo/ho-so/${dossierId}`);
    const forged = await mai.post(
      `/can-bo/ho-so/${dossierId}/trang-thai`,
      { from: 'received', status: 'processing' },
      null,
    );
    expect(forged.statusCode).toBe(403);
    expect(await status()).toBe('received');
    const real = await mai.post(`/can-bo/ho-so/${dossierId}/trang-thai`, {
      from: 'received',
      status: 'processing',
    });
    expect(real.statusCode).toBe(200);
    expect(await status()).toBe('processing');
  });
});

describe('logs', () => {
  it('masks the SSO callback’s code and state (and other secret parameters) in request logs', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const db = await openMinistryDatabase({ sqlitePath: ':memory:' });
    const built = await buildMinistryApp({
      config: { ...ministryTestConfig(simulators.url), logLevel: 'info' },
      db,
      logStream: stream,
    });
    try {
      const r = await built.app.inject({
        method: 'GET',
        url: '/dang-nhap/dvcqg/callback?code=AUTHCODE-SECRET-1&state=STATE-SECRET-2&iss=http%3A%2F%2Flocalhost%3A8080',
      });
      expect(r.statusCode).toBe(400);
    } finally {
      await built.app.close();
      await db.destroy();
    }
    const log = lines.join('');
    expect(log).toContain('/dang-nhap/dvcqg/callback');
    expect(log).not.toContain('AUTHCODE-SECRET-1');
    expect(log).not.toContain('STATE-SECRET-2');
    expect(redactUrl('/x?id_token_hint=abc&lang=en&logout_token=t')).toBe(
      '/x?id_token_hint=%5Bredacted%5D&lang=en&logout_token=%5Bredacted%5D',
    );
    expect(redactUrl('/ho-so?trang=2')).toBe('/ho-so?trang=2');
  });
});
