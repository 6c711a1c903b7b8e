/**
 * How a citizen signed in reaches the ministry portal honestly: a VNeID level-2 and a PostID (verified at
 * the counter) sign-in on the national portal, through SSO, give the ministry's ID token the level and the
 * identity provider's own RFC 8176 `amr` (never a bare `pwd`), recorded with the ministry's sign-in audit;
 * a password + SMS OTP sign-in keeps the portal's own values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  POSTID_DEMO_PASSWORD,
  VNEID_DEMO_PASSWORD,
} from '../../src/simulators/identityProviders/identityAccounts.js';
import { type BrowserStop, SsoBrowser } from '../portal/oidc/ssoTestKit.js';
import { type Simulators, startTestSimulators } from '../portal/portalTestKit.js';
import { IdentityProviderBrowser } from '../simulators/identityProvidersBrowserKit.js';
import { SON } from './nationalCitizens.js';
import {
  follow,
  type SsoJourney,
  seedNationalAccount,
  startSsoJourney,
  throughNationalPortal,
} from './ssoJourneyKit.js';

const THU = {
  subject: 'congDan' as const,
  idNumber: '075197002233',
  fullName: 'Hồ Thị Thu',
  phone: '0708123456',
};
const TAI = {
  subject: 'congDan' as const,
  idNumber: '022096004455',
  fullName: 'Lương Văn Tài',
  phone: '0356789012',
};

let simulators: Simulators;
let j: SsoJourney;

beforeAll(async () => {
  simulators = await startTestSimulators();
  j = await startSsoJourney(simulators);
  for (const who of [THU, TAI, SON]) await seedNationalAccount(j, who);
});

afterAll(async () => {
  await j?.close();
  await simulators?.close();
});

/** On the national portal's login page `page`: signs in at VNeID or PostID, then back through the portal. */
async function federatedLogin(
  b: SsoBrowser,
  page: BrowserStop,
  provider: 'vneid' | 'postid',
  cccd: string,
): Promise<BrowserStop> {
  const toProvider = await b.go(`${j.portal.issuer}/dang-nhap/${provider}`);
  expect(toProvider.left).toBe(true);
  const out = await new IdentityProviderBrowser(simulators.url).logIn(toProvider.url, {
    cccd,
    password: provider === 'vneid' ? VNEID_DEMO_PASSWORD : POSTID_DEMO_PASSWORD,
  });
  if (!out.redirect) throw new Error(`${provider} did not redirect back: ${out.page?.status}`);
  expect(page.url).toContain('/dang-nhap/luong/');
  // The simulated providers know the portal by its default origin: the callback is mapped back.
  return b.go(`${j.portal.issuer}${out.redirect.pathname}${out.redirect.search}`);
}

/** From the ministry's SSO start through the portal's sign-in (`signIn`) and consent, back at the ministry. */
async function throughPortal(signIn: (b: SsoBrowser, login: BrowserStop) => Promise<BrowserStop>) {
  const b = new SsoBrowser(j.portal.issuer);
  const login = await follow(b, `${j.ministryOrigin}/dang-nhap/dvcqg?acr=LoA2`);
  expect(login.url).toContain('/dang-nhap/luong/');
  const consent = await signIn(b, login);
  expect(consent.html).toContain('data-page="sso-consent"');
  const back = await b.submit(consent, consent.url, { action: 'allow' });
  expect(back.left).toBe(true);
  return follow(b, back.url);
}

/** The acr and amr the ministry recorded for the sign-in of the account with `idNumber`. */
async function ministrySignIn(idNumber: string): Promise<{ acr: unknown; amr: unknown }> {
  const account = await j.ministryDb
    .selectFrom('accounts')
    .select('id')
    .where('idNumber', '=', idNumber)
    .executeTakeFirstOrThrow();
  const row = await j.ministryDb
    .selectFrom('auditLog')
    .select(['event', 'detail'])
    .where('accountId', '=', account.id)
    .where('event', 'in', ['login.dvcqg', 'account.created_from_dvcqg'])
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return JSON.parse(String(row.detail)) as { acr: unknown; amr: unknown };
}

describe('amr of federated sign-ins, end to end through the ministry portal', () => {
  it('VNeID level 2: LoA2 with VNeID’s own amr (password confirmed in its app), mfa included', async () => {
    const end = await throughPortal((b, login) => federatedLogin(b, login, 'vneid', THU.idNumber));
    expect(end.url.startsWith(j.ministryOrigin)).toBe(true);
    expect(await ministrySignIn(THU.idNumber)).toEqual({ acr: 'LoA2', amr: ['pwd', 'swk', 'mfa'] });
  });

  it('PostID verified at the counter: LoA2 with PostID’s amr (password + SMS OTP)', async () => {
    const end = await throughPortal((b, login) => federatedLogin(b, login, 'postid', TAI.idNumber));
    expect(end.url.startsWith(j.ministryOrigin)).toBe(true);
    expect(await ministrySignIn(TAI.idNumber)).toEqual({ acr: 'LoA2', amr: ['pwd', 'sms', 'mfa'] });
  });

  it('password + SMS OTP keeps the portal’s own values (and cannot meet LoA2)', async () => {
    const b = new SsoBrowser(j.portal.issuer);
    const end = await throughNationalPortal(
      simulators,
      b,
      `${j.ministryOrigin}/dang-nhap/dvcqg?acr=LoA1`,
      SON,
    );
    expect(end.url.startsWith(j.ministryOrigin)).toBe(true);
    expect(await ministrySignIn(SON.idNumber)).toEqual({ acr: 'LoA1', amr: ['pwd', 'sms', 'mfa'] });
  });
});
