/**
 * USB-token authentication on the ministry portal at the API level: real Web eID login tokens signed with
 * the demo PKI's keys (as the Kyso extension would), verified with lib's verifyAuthToken against the demo
 * PKI trust with revocation over the simulators' OCSP/CRL. The token must be bound to the ministry's
 * origin and the page's fresh challenge, and its certificate must name an account.
 */
import { type DemoIdentityName, type DemoPki, loadDemoPki } from '@kyso/lib/demo-pki';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoPkiTrust } from '../portal/demoPkiTrust.js';
import { type Simulators, startTestSimulators } from '../portal/portalTestKit.js';
import {
  codesOf,
  MinistryClient,
  type MinistryHarness,
  ministryTestConfig,
  startMinistryHarness,
} from './ministryTestKit.js';
import { demoLoginToken, nonceOf } from './usbTokenKit.js';

const ORIGIN = 'http://localhost:8081';
const login = (pki: DemoPki, name: DemoIdentityName, nonce: string, origin = ORIGIN) =>
  demoLoginToken(pki, name, nonce, origin);

describe('ministry portal: USB-token sign-in', () => {
  let pki: DemoPki;
  let simulators: Simulators;
  let h: MinistryHarness;
  beforeAll(async () => {
    pki = await loadDemoPki();
    simulators = await startTestSimulators();
  });
  afterAll(async () => {
    await h?.close();
    await simulators.close();
  });
  beforeEach(async () => {
    await h?.close();
    h = await startMinistryHarness(ministryTestConfig(simulators.url, { publicOrigin: ORIGIN }), {
      trust: demoPkiTrust(pki, simulators.url),
    });
  });

  async function usbFlow(c: MinistryClient) {
    const start = await c.get('/dang-nhap/usb?returnTo=%2Ftai-khoan');
    expect(start.statusCode).toBe(303);
    const url = start.headers.location as string;
    const page = await c.get(url);
    expect(page.body).toContain('src="/static/kyso-bca-usb.js"');
    return { url, nonce: nonceOf(page.body) };
  }

  it('signs the demo citizen in with a login token over the page challenge', async () => {
    const c = new MinistryClient(h.app);
    const { url, nonce } = await usbFlow(c);
    const r = await c.post(`${url}/usb`, { authToken: await login(pki, 'citizen', nonce) });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/tai-khoan');
    const account = await c.get('/tai-khoan');
    expect(account.body).toContain('001090012345');
    expect(account.body).toContain('login.local');
  });

  it('refuses a token for another origin, a used or expired challenge, a revoked certificate and a person without account', async () => {
    const c = new MinistryClient(h.app);
    let { url, nonce } = await usbFlow(c);
    const phished = await c.post(`${url}/usb`, {
      authToken: await login(pki, 'citizen', nonce, 'http://localhost:8080'),
    });
    expect(codesOf(phished.body)).toContain('AUTH_TOKEN_SIGNATURE');
    // That attempt used the challenge up: a token over it no longer verifies.
    const replay = await c.post(`${url}/usb`, { authToken: await login(pki, 'citizen', nonce) });
    expect(codesOf(replay.body)).toContain('AUTH_TOKEN_SIGNATURE');
    ({ url, nonce } = await usbFlow(c));
    h.clock.advance(h.ctx.config.limits.authNonceTtlMs);
    const late = await c.post(`${url}/usb`, { authToken: await login(pki, 'citizen', nonce) });
    expect(codesOf(late.body)).toContain('AUTH_TOKEN_NONCE');
    ({ url, nonce } = await usbFlow(c));
    const revoked = await c.post(`${url}/usb`, { authToken: await login(pki, 'revoked', nonce) });
    expect(codesOf(revoked.body)).toContain('CERTIFICATE_REVOKED');
    ({ url, nonce } = await usbFlow(c));
    const stranger = await c.post(`${url}/usb`, {
      authToken: await login(pki, 'citizenCmnd', nonce),
    });
    expect(codesOf(stranger.body)).toContain('USB_NO_ACCOUNT');
    const missing = await c.post(`${url}/usb`, { authToken: '' });
    expect(codesOf(missing.body)).toContain('USB_TOKEN_MISSING');
    expect((await c.get('/tai-khoan')).statusCode).toBe(303);
  });

  it('ends a flow whose steps are taken out of order, and shows the step in English on request', async () => {
    const c = new MinistryClient(h.app);
    const { url } = await usbFlow(c);
    const en = await c.get(`${url}?lang=en`);
    expect(en.body).toContain('Authenticate with the USB token');
    const skipped = await c.post(`${url}/otp`, { otp: '123456' });
    expect(skipped.statusCode).toBe(410);
    expect(codesOf(skipped.body)).toEqual(['FLOW_EXPIRED']);
    expect((await c.get(url)).statusCode).toBe(410);
    const elsewhere = new MinistryClient(h.app);
    expect((await elsewhere.get((await usbFlow(c)).url)).statusCode).toBe(410);
  });

  it('serves the page script bundled with the Kyso page SDK', async () => {
    const r = await new MinistryClient(h.app).get('/static/kyso-bca-usb.js');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('javascript');
    expect(r.body).toContain('kyso-usb-form');
  });
});
