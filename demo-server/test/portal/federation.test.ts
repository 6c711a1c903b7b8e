/**
 * VNeID and PostID against the portal, over real HTTP to the simulated providers: PostID registration
 * (success, duplicate, Decree 69/2024 switch), VNeID / PostID login (success, no account, level too low,
 * not counter-verified, cancelled), refused state / nonce / replay, linked identities (issuer + sub).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedIdentitiesOf } from '../../src/portal/federation/linkedIdentities.js';
import { citizenByKey } from '../../src/simulators/data/simulatedCitizens.js';
import {
  identityAccounts,
  POSTID_DEMO_PASSWORD,
  VNEID_DEMO_PASSWORD,
} from '../../src/simulators/identityProviders/identityAccounts.js';
import { IdentityProviderBrowser } from '../simulators/identityProvidersBrowserKit.js';
import {
  ApiClient,
  type PortalHarness,
  type Simulators,
  startPortalHarness,
  startTestSimulators,
} from './portalTestKit.js';

const level2 = identityAccounts('vneid')
  .filter((a) => a.level === 2)
  .map((a) => a.citizen);
function nth(i: number) {
  const c = level2[i];
  if (!c) throw new Error(`the simulators need at least ${i + 1} level-2 citizens`);
  return c;
}
const [A, B, C, D] = [nth(0), nth(1), nth(2), nth(3)];
const LEVEL1 = identityAccounts('vneid').find((a) => a.level === 1)?.citizen;
const POSTID_ONLINE = citizenByKey('mai');

let simulators: Simulators;
let h: PortalHarness;

beforeAll(async () => {
  simulators = await startTestSimulators();
  h = await startPortalHarness(simulators);
});

afterAll(async () => {
  await h?.close();
  await simulators?.close();
});

async function client(): Promise<ApiClient> {
  return new ApiClient(h.instances[0] as NonNullable<(typeof h.instances)[0]>).start();
}

/** Opens a portal start path, returns the provider URL the portal redirects to. */
async function providerUrl(c: ApiClient, path: string): Promise<string> {
  const res = await c.get(path);
  expect(res.statusCode).toBe(303);
  const url = String(res.headers.location);
  expect(url.startsWith(simulators.url)).toBe(true);
  return url;
}

/** Logs in at the provider and returns the callback path (path + query) the provider sends back. */
async function atProvider(url: string, fields: Record<string, string>): Promise<string> {
  const out = await new IdentityProviderBrowser(simulators.url).logIn(url, fields);
  const redirect = out.redirect;
  if (!redirect) throw new Error(`provider did not redirect: ${out.page?.status}`);
  expect(redirect.origin).toBe('http://localhost:8080');
  return `${redirect.pathname}${redirect.search}`;
}

function code(html: string): string | undefined {
  return /data-code="([A-Z0-9_]+)"/.exec(html)?.[1];
}

async function insertAccount(cccd: string, email: string | null = null): Promise<string> {
  const id = `acc-${cccd}`;
  await h.db
    .insertInto('accounts')
    .values({
      id,
      username: cccd,
      subject: 'congDan',
      idNumber: cccd,
      fullName: 'Tài khoản có sẵn',
      dateOfBirth: null,
      phone: null,
      email,
      bhxhCode: null,
      passwordHash: null,
      verificationLevel: 2,
      registrationMethod: 'thueBaoDiDong',
      createdAt: h.clock(),
    })
    .execute();
  return id;
}

const vneid = (cccd: string) => ({ cccd, password: VNEID_DEMO_PASSWORD, action: 'login' });
const postid = (cccd: string) => ({ cccd, password: POSTID_DEMO_PASSWORD, action: 'login' });

describe('registration through Bưu điện Việt Nam (PostID)', () => {
  it('creates the account keyed by the CCCD, links (issuer, sub) and signs the citizen in', async () => {
    const c = await client();
    const back = await atProvider(await providerUrl(c, '/dang-ky/buu-dien'), postid(A.cccd));
    expect(back.startsWith('/dang-nhap/postid/callback?')).toBe(true);
    const res = await c.get(back);
    expect(res.statusCode).toBe(200);
    expect(code(res.body)).toBe('POSTID_REGISTERED');
    const account = await h.db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', A.cccd)
      .executeTakeFirst();
    expect(account).toMatchObject({ idNumber: A.cccd, fullName: A.fullName, registrationMethod: 'buuDien' });
    const links = await linkedIdentitiesOf(h.db, account?.id ?? '');
    expect(links).toEqual([
      expect.objectContaining({ provider: 'postid', issuer: `${simulators.url}/postid` }),
    ]);
    // Signed in: the account page and the linked identities (issuer + sub) are there.
    const page = await c.get('/tai-khoan/lien-ket');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-linked="postid"');
    expect(page.body).toContain(links[0]?.subject);
    const api = await c.get('/api/account/linked-identities');
    expect(api.json().linkedIdentities).toHaveLength(1);
    const account2 = await c.get('/tai-khoan');
    expect(account2.body).toContain('Danh sách tài khoản liên kết');
    expect(account2.body).toContain('data-linked="postid"');
    expect((await c.get('/api/account')).json().linkedIdentities).toHaveLength(1);
  });

  it('refuses a second registration for the same CCCD with the existing-account message', async () => {
    const c = await client();
    const res = await c.get(await atProvider(await providerUrl(c, '/dang-ky/buu-dien'), postid(A.cccd)));
    expect(res.statusCode).toBe(409);
    expect(code(res.body)).toBe('ACCOUNT_EXISTS');
    const n = await h.db.selectFrom('accounts').select('id').where('username', '=', A.cccd).execute();
    expect(n).toHaveLength(1);
    expect((await c.get('/api/account/linked-identities')).statusCode).toBe(401);
  });

  it('refuses a PostID account not verified at a post-office counter', async () => {
    const c = await client();
    const res = await c.get(
      await atProvider(await providerUrl(c, '/dang-ky/buu-dien'), postid(POSTID_ONLINE?.cccd ?? '')),
    );
    expect(res.statusCode).toBe(403);
    expect(code(res.body)).toBe('POSTID_NOT_VERIFIED');
  });

  it('then logs in with PostID through the linked identity', async () => {
    const c = await client();
    const res = await c.get(await atProvider(await providerUrl(c, '/dang-nhap/postid'), postid(A.cccd)));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/tai-khoan');
    expect((await c.get('/api/account')).statusCode).toBe(200);
  });
});

describe('login with VNeID', () => {
  it('signs in the account whose username is the CCCD and links the VNeID identity', async () => {
    const id = await insertAccount(B.cccd);
    const c = await client();
    const res = await c.get(await atProvider(await providerUrl(c, '/dang-nhap/vneid'), vneid(B.cccd)));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/tai-khoan');
    expect((await c.get('/api/account')).json().account.username).toBe(B.cccd);
    const links = await linkedIdentitiesOf(h.db, id);
    expect(links.map((l) => l.provider)).toEqual(['vneid']);
    const audit = await h.db.selectFrom('auditLog').selectAll().where('accountId', '=', id).execute();
    expect(audit.map((e) => e.event)).toContain('login.succeeded');
  });

  it('finds no account for a CCCD without one — not even through an account with the same e-mail', async () => {
    // An account of someone else that happens to carry C's e-mail address: never linked on e-mail.
    await insertAccount(D.cccd, C.email ?? 'c@example.test');
    const c = await client();
    const res = await c.get(await atProvider(await providerUrl(c, '/dang-nhap/vneid'), vneid(C.cccd)));
    expect(res.statusCode).toBe(404);
    expect(code(res.body)).toBe('FEDERATION_NO_ACCOUNT');
    expect((await c.get('/api/account')).statusCode).toBe(401);
  });

  it('refuses a level-1 VNeID account (level 2 required)', async () => {
    const cccd = LEVEL1?.cccd ?? '';
    await insertAccount(cccd);
    const c = await client();
    const res = await c.get(await atProvider(await providerUrl(c, '/dang-nhap/vneid'), vneid(cccd)));
    expect(res.statusCode).toBe(403);
    expect(code(res.body)).toBe('VNEID_LEVEL_TOO_LOW');
    expect((await c.get('/api/account')).statusCode).toBe(401);
  });

  it('reports a cancelled login (access_denied)', async () => {
    const c = await client();
    const res = await c.get(await atProvider(await providerUrl(c, '/dang-nhap/vneid'), { action: 'cancel' }));
    expect(res.statusCode).toBe(400);
    expect(code(res.body)).toBe('FEDERATION_CANCELLED');
  });

  it('refuses an unknown state, a state of another browser session and a replayed callback', async () => {
    const c = await client();
    const back = await atProvider(await providerUrl(c, '/dang-nhap/vneid'), vneid(B.cccd));
    const forged = back.replace(/state=[^&]+/, 'state=00000000-0000-4000-8000-000000000000');
    expect(code((await c.get(forged)).body)).toBe('FEDERATION_STATE_INVALID');
    const other = await client();
    expect(code((await other.get(back)).body)).toBe('FEDERATION_STATE_INVALID');
    expect((await c.get(back)).statusCode).toBe(303);
    const again = await c.get(back);
    expect(code(again.body)).toBe('FEDERATION_STATE_INVALID');
  });

  it('refuses an ID token whose nonce is not the one the flow sent', async () => {
    const c = await client();
    const url = new URL(await providerUrl(c, '/dang-nhap/vneid'));
    url.searchParams.set('nonce', 'a-nonce-the-portal-never-issued');
    const res = await c.get(await atProvider(url.href, vneid(B.cccd)));
    expect(res.statusCode).toBe(400);
    expect(code(res.body)).toBe('FEDERATION_FAILED');
    expect((await c.get('/api/account')).statusCode).toBe(401);
  });
});

describe('entry points', () => {
  it('offers VNeID and PostID on the login page and Bưu điện Việt Nam among the registration methods', async () => {
    const c = await client();
    const login = await c.get((await c.get('/dang-nhap')).headers.location as string);
    expect(login.body).toContain('href="/dang-nhap/vneid"');
    expect(login.body).toContain('href="/dang-nhap/postid"');
    const register = await c.get('/dang-ky');
    expect(register.body).toContain('href="/dang-ky/buu-dien"');
  });

  it('starts the same flows from the JSON API (CSRF-protected), refusing unknown providers and VNeID registration', async () => {
    const c = await client();
    const r = await c.post('/api/federation/vneid/flows', { purpose: 'login' });
    expect(r.statusCode).toBe(201);
    const url = new URL(r.json().authorizationUrl);
    expect(url.href.startsWith(`${simulators.url}/vneid/`)).toBe(true);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect((await c.post('/api/federation/vneid/flows', {}, { csrf: null })).statusCode).toBe(403);
    expect((await c.post('/api/federation/other/flows', {})).statusCode).toBe(404);
    expect((await c.post('/api/federation/vneid/flows', { purpose: 'registration' })).statusCode).toBe(400);
    const reg = await c.post('/api/federation/postid/flows', { purpose: 'registration' });
    expect(reg.json().purpose).toBe('registration');
    // The API-started flow ends at the same callback.
    const res = await c.get(await atProvider(url.href, vneid(B.cccd)));
    expect(res.headers.location).toBe('/tai-khoan');
  });

  it('shows a message, not a stack trace, when the provider is unreachable', async () => {
    const down = await startPortalHarness(simulators, {
      config: { simulatorsUrl: 'http://127.0.0.1:9' },
    });
    try {
      const c = await new ApiClient(down.instances[0] as NonNullable<(typeof down.instances)[0]>).start();
      const res = await c.get('/dang-nhap/vneid');
      expect(res.statusCode).toBe(503);
      expect(code(res.body)).toBe('FEDERATION_UNAVAILABLE');
    } finally {
      await down.close();
    }
  });
});

describe('Decree 69/2024 switch (KYSO_LEGACY_REGISTRATION=disabled)', () => {
  it('closes registration through PostID but keeps VNeID login', async () => {
    const strict = await startPortalHarness(simulators, { config: { legacyRegistration: 'disabled' } });
    try {
      await strict.db
        .insertInto('accounts')
        .values({
          id: 'x',
          username: B.cccd,
          subject: 'congDan',
          idNumber: B.cccd,
          fullName: B.fullName,
          dateOfBirth: null,
          phone: null,
          email: null,
          bhxhCode: null,
          passwordHash: null,
          verificationLevel: 2,
          registrationMethod: 'thueBaoDiDong',
          createdAt: strict.clock(),
        })
        .execute();
      const c = await new ApiClient(strict.instances[0] as NonNullable<(typeof strict.instances)[0]>).start();
      expect((await c.get('/dang-ky')).body).not.toContain('href="/dang-ky/buu-dien"');
      const reg = await c.get('/dang-ky/buu-dien');
      expect(reg.statusCode).toBe(403);
      expect(code(reg.body)).toBe('LEGACY_REGISTRATION_DISABLED');
      const res = await c.get(await atProvider(await providerUrl(c, '/dang-nhap/vneid'), vneid(B.cccd)));
      expect(res.headers.location).toBe('/tai-khoan');
    } finally {
      await strict.close();
    }
  });
});
