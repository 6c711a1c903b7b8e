/**
 * Two ministry instances over one database: every step of a dossier may land on either (the form on one,
 * the SIM request on the other, the waiting page alternating, the officer on the first), since the module
 * keeps its state — drafts, pending signatures, the trail — in the database only. PostgreSQL when
 * KYSO_TEST_DATABASE_URL is set (as in CI), SQLite otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_PIN } from '../../../src/simulators/index.js';
import type { DossierHarness } from './dossierTestKit.js';
import { account, attributeOf, RESIDENCE_FORM, startDossierHarness } from './dossierTestKit.js';

const kind = process.env.KYSO_TEST_DATABASE_URL ? 'postgres' : 'sqlite';

describe(`a dossier across two instances (${kind})`, () => {
  let h: DossierHarness;
  beforeAll(async () => {
    h = await startDossierHarness({ kind, instances: 2, database: 'kyso_dossiers_instances' });
    h.accounts.set('an', account({ id: 'acc-an', idNumber: '001090012345', phone: '0912345678' }));
    h.officers.set('officer', {
      id: 'acc-officer',
      fullName: 'Hoàng Văn Hải',
      unit: 'Công an phường Ba Đình',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function approveOnPhone(dossierId: string) {
    const row = await h.db
      .selectFrom('dossierSignings')
      .select('transactionId')
      .where('dossierId', '=', dossierId)
      .executeTakeFirstOrThrow();
    const res = await fetch(`${h.simulators.url}/phone/84912345678/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transactionId: row.transactionId, pin: SIM_PIN }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
  }

  it('form on one, SIM signature polled on both, officer on the other', async () => {
    const [a, b] = [h.via(0), h.via(1)];
    const created = await a.post('/thu-tuc/dang-ky-thuong-tru', RESIDENCE_FORM, 'an');
    const id = String(created.headers.location).split('/')[2] ?? '';
    expect((await b.post(`/ho-so/${id}/ky/sim`, { phone: '0912345678' }, 'an')).statusCode).toBe(303);
    // Waiting, seen from both instances (nothing kept in memory); one approval on the phone.
    for (const via of [a, b])
      expect(attributeOf((await via.get(`/ho-so/${id}/ky/cho`, 'an')).body, 'cho-ky', 'data-step')).toBe(
        'signature',
      );
    await approveOnPhone(id);
    const done = await a.get(`/ho-so/${id}/ky/cho`, 'an');
    expect(done.statusCode).toBe(303);
    const detail = await b.get(`/ho-so/${id}`, 'an');
    expect(attributeOf(detail.body, 'bao-cao-xac-thuc', 'data-valid')).toBe('true');
    const moved = await a.post(
      `/can-bo/ho-so/${id}/trang-thai`,
      { from: 'received', status: 'processing' },
      'officer',
    );
    expect(moved.statusCode).toBe(200);
    expect(attributeOf((await b.get(`/ho-so/${id}`, 'an')).body, 'ho-so', 'data-status')).toBe('processing');
  });
});
