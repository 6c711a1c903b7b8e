/**
 * SIM ký số (MSSP) and remote signature (/rs) of a dossier through the real simulators app: the server
 * prepares the CAdES signed attributes, the citizen approves on the simulated phone or app, the waiting page
 * polls by itself and the server completes, verifies and accepts the CMS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_REQUESTS_PER_HOUR } from '../../../src/ministry/dossiers/remoteSigning.js';
import { RS_APP_PIN, SIM_PIN } from '../../../src/simulators/index.js';
import type { DossierHarness } from './dossierTestKit.js';
import {
  account,
  attributeOf,
  codesIn,
  RESIDENCE_FORM,
  reportChecks,
  startDossierHarness,
} from './dossierTestKit.js';

const AN = '001090012345';

describe('dossiers signed with a SIM or a remote signature', () => {
  let h: DossierHarness;
  beforeAll(async () => {
    h = await startDossierHarness();
    h.accounts.set('an', account({ id: 'acc-an', idNumber: AN, phone: '0912345678' }));
    h.accounts.set('an-rs', account({ id: 'acc-an-rs', idNumber: AN, phone: '0912345678' }));
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A draft of An's: SIM tests as 'an', remote-signature tests as 'an-rs' (each under the hourly limit). */
  async function draft(as = 'an'): Promise<string> {
    const r = await h.post('/thu-tuc/dang-ky-thuong-tru', RESIDENCE_FORM, as);
    expect(r.statusCode).toBe(303);
    return String(r.headers.location).split('/')[2] ?? '';
  }

  async function pending(id: string) {
    return h.db
      .selectFrom('dossierSignings')
      .selectAll()
      .where('dossierId', '=', id)
      .orderBy('createdAt', 'desc')
      .executeTakeFirstOrThrow();
  }

  async function press(path: string, transactionId: string, pin: string) {
    const res = await fetch(`${h.simulators.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transactionId, pin }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
  }

  const status = async (id: string) =>
    (await h.db.selectFrom('dossiers').select('status').where('id', '=', id).executeTakeFirstOrThrow())
      .status;

  it('SIM: the MSSP profile gives the certificate, one approval on the phone → received, valid report', async () => {
    const id = await draft();
    const sent = await h.post(`/ho-so/${id}/ky/sim`, { phone: '0912 345 678' }, 'an');
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/ho-so/${id}/ky/cho`);
    const waiting = await h.get(`/ho-so/${id}/ky/cho`, 'an');
    expect(waiting.statusCode).toBe(200);
    // Watched by the page script every 2 s (no timed refresh of the page, WCAG 2.2.1).
    expect(waiting.headers.refresh).toBeUndefined();
    expect(attributeOf(waiting.body, 'cho-ky', 'data-watch')).toBe('2');
    expect(attributeOf(waiting.body, 'cho-ky', 'data-step')).toBe('signature');
    const request = await pending(id);
    expect(waiting.body).toContain(`>${request.verificationCode}<`);
    // The signed attributes were built on the certificate the MSSP's profile gave, before any approval.
    const profile = await fetch(`${h.simulators.url}/mssp/profile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msisdn: '84912345678' }),
    });
    expect(request.certificate).toBe(((await profile.json()) as { certificate: string }).certificate);
    await press('/phone/84912345678/approve', request.transactionId, SIM_PIN);
    const done = await h.get(`/ho-so/${id}/ky/cho`, 'an');
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/ho-so/${id}?ok=1`);
    expect(await status(id)).toBe('received');
    // One approval: one request to the phone.
    const attempts = await h.db
      .selectFrom('dossierSignings')
      .select('id')
      .where('dossierId', '=', id)
      .execute();
    expect(attempts).toHaveLength(1);
    const page = await h.get(`/ho-so/${id}`, 'an');
    expect(attributeOf(page.body, 'bao-cao-xac-thuc', 'data-valid')).toBe('true');
    expect(reportChecks(page.body)).toMatchObject({ integrity: 'true', signer: 'true', revocation: 'true' });
    const row = await h.db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ signatureMethod: 'sim', signerId: AN });
  });

  it('SIM whose certificate changed between the profile and the signature: the attempt fails, nothing received', async () => {
    const id = await draft();
    await h.post(`/ho-so/${id}/ky/sim`, { phone: '0912345678' }, 'an');
    // As if the SIM had been re-keyed: the attempt was prepared for another certificate (An's USB token's).
    const p = await pending(id);
    await h.db
      .updateTable('dossierSignings')
      .set({ certificate: Buffer.from(h.pki.identities.citizen.certificate).toString('base64') })
      .where('id', '=', p.id)
      .execute();
    await press('/phone/84912345678/approve', p.transactionId, SIM_PIN);
    const failed = await h.get(`/ho-so/${id}/ky/cho`, 'an');
    expect(failed.statusCode).toBe(422);
    expect(codesIn(failed.body)).toContain('SIGNING_FAILED');
    expect(await status(id)).toBe('draft');
    // The next attempt reads the SIM's certificate again and succeeds with one approval.
    await h.post(`/ho-so/${id}/ky/sim`, { phone: '0912345678' }, 'an');
    await press('/phone/84912345678/approve', (await pending(id)).transactionId, SIM_PIN);
    expect((await h.get(`/ho-so/${id}/ky/cho`, 'an')).statusCode).toBe(303);
    expect(await status(id)).toBe('received');
  });

  it('SIM: cancelled on the phone → refused, still a draft; a SIM of another person → refused before it rings', async () => {
    const id = await draft();
    await h.post(`/ho-so/${id}/ky/sim`, { phone: '0912345678' }, 'an');
    await fetch(`${h.simulators.url}/phone/84912345678/reject`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transactionId: (await pending(id)).transactionId }).toString(),
      redirect: 'manual',
    });
    const cancelled = await h.get(`/ho-so/${id}/ky/cho`, 'an');
    expect(cancelled.statusCode).toBe(422);
    expect(codesIn(cancelled.body)).toContain('SIGNING_CANCELLED');
    expect(await status(id)).toBe('draft');

    // Cường's SIM (another citizen): its certificate names him, so nothing is sent to his phone.
    const before = await pending(id);
    const other = await h.post(`/ho-so/${id}/ky/sim`, { phone: '0903123456' }, 'an');
    expect(other.statusCode).toBe(422);
    expect(codesIn(other.body)).toContain('SIGNATURE_REFUSED');
    expect((await pending(id)).id).toBe(before.id);
    const phonePage = await fetch(`${h.simulators.url}/phone/84903123456`);
    expect(await phonePage.text()).not.toContain(id);
    const events = await h.db
      .selectFrom('dossierEvents')
      .select('note')
      .where('dossierId', '=', id)
      .where('kind', '=', 'signatureRefused')
      .execute();
    expect(events.map((e) => e.note)).toContain('sim: DOSSIER_SIGNER_MISMATCH');
    expect(await status(id)).toBe('draft');
  });

  it('SIM: a number without SIM-PKI, a SIM without a certificate, an unavailable MSSP and an invalid number', async () => {
    const id = await draft();
    const none = await h.post(`/ho-so/${id}/ky/sim`, { phone: '0969000105' }, 'an');
    expect(none.statusCode).toBe(422);
    expect(codesIn(none.body)).toContain('SIM_NOT_SUBSCRIBED');
    const noCertificate = await h.post(`/ho-so/${id}/ky/sim`, { phone: '0969000422' }, 'an');
    expect(noCertificate.statusCode).toBe(422);
    expect(codesIn(noCertificate.body)).toContain('SIM_NO_CERTIFICATE');
    const down = await h.post(`/ho-so/${id}/ky/sim`, { phone: '0969000503' }, 'an');
    expect(down.statusCode).toBe(422);
    expect(codesIn(down.body)).toContain('SIGNING_UNAVAILABLE');
    const bad = await h.post(`/ho-so/${id}/ky/sim`, { phone: '12' }, 'an');
    expect(codesIn(bad.body)).toContain('SIM_PHONE_INVALID');
    const nothing = await h.get(`/ho-so/${id}/ky/cho`, 'an');
    expect(nothing.statusCode).toBe(409);
    expect(codesIn(nothing.body)).toContain('SIGNING_NOT_STARTED');
  });

  it('remote signature: one approval in the app → received with a valid report', async () => {
    const id = await draft('an-rs');
    const sent = await h.post(`/ho-so/${id}/ky/tu-xa`, {}, 'an-rs');
    expect(sent.statusCode).toBe(303);
    const waiting = await h.get(`/ho-so/${id}/ky/cho`, 'an-rs');
    expect(attributeOf(waiting.body, 'cho-ky', 'data-method')).toBe('remote');
    expect(waiting.body).toContain(`/rs/app/${AN}`);
    await press(`/rs/app/${AN}/approve`, (await pending(id)).transactionId, RS_APP_PIN);
    const done = await h.get(`/ho-so/${id}/ky/cho`, 'an-rs');
    expect(done.statusCode).toBe(303);
    expect(await status(id)).toBe('received');
    const page = await h.get(`/ho-so/${id}`, 'an-rs');
    expect(attributeOf(page.body, 'bao-cao-xac-thuc', 'data-valid')).toBe('true');
    // Polling again after acceptance goes to the dossier.
    expect((await h.get(`/ho-so/${id}/ky/cho`, 'an-rs')).headers.location).toBe(`/ho-so/${id}`);
  });

  it('remote signature: an account without a credential, and a request rejected in the app', async () => {
    h.accounts.set('nobody', account({ id: 'acc-nobody', idNumber: '001099000404', fullName: 'Không Có' }));
    const r = await h.post(
      '/thu-tuc/dang-ky-thuong-tru',
      { ...RESIDENCE_FORM, hoVaTen: 'Không Có', soDinhDanh: '001099000404' },
      'nobody',
    );
    const id = String(r.headers.location).split('/')[2] ?? '';
    const none = await h.post(`/ho-so/${id}/ky/tu-xa`, {}, 'nobody');
    expect(none.statusCode).toBe(422);
    expect(codesIn(none.body)).toContain('RS_NO_CREDENTIAL');

    const mine = await draft('an-rs');
    await h.post(`/ho-so/${mine}/ky/tu-xa`, {}, 'an-rs');
    await fetch(`${h.simulators.url}/rs/app/${AN}/reject`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transactionId: (await pending(mine)).transactionId }).toString(),
      redirect: 'manual',
    });
    const rejected = await h.get(`/ho-so/${mine}/ky/cho`, 'an-rs');
    expect(codesIn(rejected.body)).toContain('SIGNING_CANCELLED');
    expect(await status(mine)).toBe('draft');
  });

  it('limits the signing requests an account sends per hour (a typed phone number could be anyone’s)', async () => {
    h.accounts.set('busy', account({ id: 'acc-busy', idNumber: AN, phone: '0912345678' }));
    const r = await h.post('/thu-tuc/dang-ky-thuong-tru', RESIDENCE_FORM, 'busy');
    const id = String(r.headers.location).split('/')[2] ?? '';
    for (let i = 0; i < SIGNING_REQUESTS_PER_HOUR; i++)
      expect((await h.post(`/ho-so/${id}/ky/tu-xa`, {}, 'busy')).statusCode).toBe(303);
    const over = await h.post(`/ho-so/${id}/ky/sim`, { phone: '0912345678' }, 'busy');
    expect(over.statusCode).toBe(429);
    expect(codesIn(over.body)).toContain('SIGNING_TOO_MANY');
    // An hour later the account may ask again.
    h.clock.now = Date.now() + 3_600_001;
    try {
      expect((await h.post(`/ho-so/${id}/ky/tu-xa`, {}, 'busy')).statusCode).toBe(303);
    } finally {
      h.clock.now = null;
    }
  });

  it('a signed attempt whose CMS was refused shows the refusal on the next poll, not a crash', async () => {
    const id = await draft('an-rs');
    await h.post(`/ho-so/${id}/ky/tu-xa`, {}, 'an-rs');
    const p = await pending(id);
    await h.db.updateTable('dossierSignings').set({ outcome: 'SIGNED' }).where('id', '=', p.id).execute();
    const r = await h.get(`/ho-so/${id}/ky/cho`, 'an-rs');
    expect(r.statusCode).toBe(422);
    expect(codesIn(r.body)).toContain('SIGNATURE_REFUSED');
    expect(await status(id)).toBe('draft');
  });
});
