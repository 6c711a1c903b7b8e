/**
 * Multi-instance: two national-portal instances (one OpenID provider, one PostgreSQL database) and two
 * ministry-portal instances (their own PostgreSQL database); every request of the journey goes to the
 * other instance than the one before (a load balancer without affinity): SSO start, provider login and
 * consent, callback, linking with password + OTP, the procedure page, and back-channel logout.
 */
import { loadDemoPki } from '@kyso/lib/demo-pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BCA_PASSWORD } from '../../src/ministry/accounts/demoAccounts.js';
import { openPortalDatabase } from '../../src/portal/db/connect.js';
import { demoPkiTrust } from '../portal/demoPkiTrust.js';
import { type BrowserStop, SsoBrowser } from '../portal/oidc/ssoTestKit.js';
import { lastOtp, type Simulators, startTestSimulators } from '../portal/portalTestKit.js';
import { freshPostgresDatabase } from './ministryPostgres.js';
import { codesOf } from './ministryTestKit.js';
import { AN } from './nationalCitizens.js';
import {
  backchannelLogouts,
  eventually,
  follow,
  pathOf,
  type SsoJourney,
  seedNationalAccount,
  startSsoJourney,
  submitAcross,
} from './ssoJourneyKit.js';

const PROCEDURE = '/thu-tuc/cap-ho-chieu-pho-thong';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)('SSO journey across instances on PostgreSQL', () => {
  let simulators: Simulators;
  let j: SsoJourney;
  let served: string[];
  let route: (u: string) => string;

  beforeAll(async () => {
    simulators = await startTestSimulators();
    const portalDb = await openPortalDatabase({
      databaseUrl: await freshPostgresDatabase('kyso_bca_journey_national'),
      sqlitePath: ':memory:',
    });
    j = await startSsoJourney(simulators, {
      portalDb,
      trust: demoPkiTrust(await loadDemoPki(), simulators.url),
      portalInstances: 2,
      ministryInstances: 2,
      ministryDatabase: {
        databaseUrl: await freshPostgresDatabase('kyso_bca_journey_ministry'),
        sqlitePath: ':memory:',
      },
    });
    await seedNationalAccount(j, AN);
    served = [];
    let turn = 0;
    route = (u) => {
      const url = new URL(u);
      const pool = j.ministryOrigins.includes(url.origin)
        ? j.ministryOrigins
        : j.portal.origins.includes(url.origin)
          ? j.portal.origins
          : undefined;
      if (!pool) return u;
      turn += 1;
      const target = new URL(pool[turn % pool.length] ?? url.origin);
      url.host = target.host;
      served.push(url.origin);
      return url.href;
    };
  });

  afterAll(async () => {
    await j?.close();
    await j?.portal.db.destroy();
    await simulators?.close();
  });

  /** The portal's password + SMS OTP login of `page`, each request routed to the next instance. */
  async function portalLogin(b: SsoBrowser, page: BrowserStop): Promise<BrowserStop> {
    expect(page.url).toContain('/dang-nhap/luong/');
    const action = new URL(page.url).pathname;
    const otp = await submitAcross(
      b,
      page,
      action,
      { username: AN.idNumber, password: 'Biển#Xanh42', captcha: 'kiemthu' },
      route,
    );
    expect(otp.html).toContain('data-flow-state="otp"');
    return submitAcross(b, otp, action, { otp: await lastOtp(simulators, AN.phone) }, route);
  }

  it('links, opens the procedure and signs out with back-channel logout, crossing instances at every step', async () => {
    // An origin nobody uses: every redirect goes through `route`.
    const b = new SsoBrowser('http://0.0.0.0:1');
    const login = await follow(b, `${j.ministryOrigin}${PROCEDURE}`, {}, route);
    const consent = await portalLogin(b, login);
    expect(consent.html).toContain('data-page="sso-consent"');
    const confirm = await submitAcross(b, consent, new URL(consent.url).pathname, { action: 'allow' }, route);
    expect(pathOf(confirm)).toMatch(/^\/lien-ket\//);
    expect(codesOf(confirm.html)).toContain('LINK_CONFIRM');
    const otpPage = await submitAcross(
      b,
      confirm,
      `${pathOf(confirm)}/mat-khau`,
      { password: DEMO_BCA_PASSWORD },
      route,
    );
    expect(otpPage.html).toContain('data-step="otp"');
    const procedure = await submitAcross(
      b,
      otpPage,
      `${pathOf(confirm)}/otp`,
      { otp: await lastOtp(simulators, AN.phone) },
      route,
    );
    expect(procedure.status).toBe(200);
    expect(pathOf(procedure)).toBe(PROCEDURE);
    const links = await j.ministryDb.selectFrom('federatedIdentities').selectAll().execute();
    expect(links.map((l) => [l.issuer, l.idNumber])).toEqual([[j.portal.issuer, AN.idNumber]]);
    for (const origin of [...j.ministryOrigins, ...j.portal.origins]) expect(served).toContain(origin);

    const account = await follow(b, `${j.ministryOrigin}/tai-khoan`, {}, route);
    expect(pathOf(account)).toBe('/tai-khoan');
    const portalPage = await follow(b, `${j.portal.issuer}/tai-khoan`, {}, route);
    const before = j.logoutTokens.length;
    const ended = await backchannelLogouts(j);
    await submitAcross(b, portalPage, '/dang-xuat', {}, route);
    expect(await eventually(async () => (await backchannelLogouts(j)) > ended)).toBe(true);
    expect(j.logoutTokens.length).toBe(before + 1);
    for (const origin of j.ministryOrigins) {
      const res = await b.request(`${origin}/tai-khoan`);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toContain('/dang-nhap');
    }
  });
});
