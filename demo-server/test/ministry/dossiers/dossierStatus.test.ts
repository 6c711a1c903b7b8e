/**
 * Status tracking by officers (received → processing → done / returned), the dossier_events trail shown on
 * the dossier page, and the citizen notified of each change — on SQLite and, when KYSO_TEST_DATABASE_URL is
 * set, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canOfficerMove, OFFICER_TRANSITIONS } from '../../../src/ministry/dossiers/dossierStatus.js';
import type { DossierHarness } from './dossierTestKit.js';
import {
  account,
  attributeOf,
  codesIn,
  RESIDENCE_FORM,
  signAs,
  startDossierHarness,
} from './dossierTestKit.js';

const AN = '001090012345';
const kinds = [
  { kind: 'sqlite' as const, skip: false },
  { kind: 'postgres' as const, skip: !process.env.KYSO_TEST_DATABASE_URL },
];

describe('officer transitions', () => {
  it('allow only received → processing/returned and processing → done/returned', () => {
    expect(OFFICER_TRANSITIONS).toEqual({
      draft: [],
      received: ['processing', 'returned'],
      processing: ['done', 'returned'],
      done: [],
      returned: [],
    });
    expect(canOfficerMove('done', 'processing')).toBe(false);
    expect(canOfficerMove('received', 'done')).toBe(false);
  });
});

for (const { kind, skip } of kinds)
  describe.skipIf(skip)(`dossier status on ${kind}`, () => {
    let h: DossierHarness;
    beforeAll(async () => {
      h = await startDossierHarness({ kind, database: 'kyso_dossiers_status' });
      h.accounts.set('an', account({ id: 'acc-an', idNumber: AN }));
      h.accounts.set(
        'officer',
        account({ id: 'acc-officer', idNumber: '036080002345', fullName: 'Hoàng Văn Hải' }),
      );
      h.officers.set('officer', {
        id: 'acc-officer',
        fullName: 'Hoàng Văn Hải',
        unit: 'Công an phường Ba Đình',
      });
    });
    afterAll(async () => {
      await h?.close();
    });

    async function receivedDossier(): Promise<string> {
      const r = await h.post('/thu-tuc/dang-ky-thuong-tru', RESIDENCE_FORM, 'an');
      const id = String(r.headers.location).split('/')[2] ?? '';
      const page = await h.get(`/ho-so/${id}/ky`, 'an');
      const declaration = Buffer.from(
        attributeOf(page.body, 'kyso-dossier-form', 'data-declaration') ?? '',
        'base64',
      );
      const cms = await signAs(h.pki.identities.citizen, declaration);
      const signed = await h.post(`/ho-so/${id}/ky/usb`, { cms: Buffer.from(cms).toString('base64') }, 'an');
      expect(signed.statusCode).toBe(303);
      return id;
    }

    const move = (id: string, from: string, status: string, note = '') =>
      h.post(`/can-bo/ho-so/${id}/trang-thai`, { from, status, note }, 'officer');

    it('officer moves a dossier to processing then done; the trail and the notifications follow', async () => {
      const id = await receivedDossier();
      const list = await h.get('/can-bo/ho-so?trang-thai=received', 'officer');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(`data-dossier="${id}"`);
      const detail = await h.get(`/can-bo/ho-so/${id}`, 'officer');
      expect(attributeOf(detail.body, 'bao-cao-xac-thuc', 'data-valid')).toBe('true');
      expect(detail.body).toContain('id="chuyen-trang-thai"');

      const p = await move(id, 'received', 'processing', 'Đã kiểm tra giấy tờ');
      expect(p.statusCode).toBe(200);
      expect(codesIn(p.body)).toContain('STATUS_CHANGED');
      const d = await move(id, 'processing', 'done');
      expect(d.statusCode).toBe(200);

      const citizenView = await h.get(`/ho-so/${id}`, 'an');
      expect(attributeOf(citizenView.body, 'ho-so', 'data-status')).toBe('done');
      expect(citizenView.body).toContain('Đã có kết quả');
      expect(
        [...citizenView.body.matchAll(/data-event="([a-zA-Z]+)" data-to="([a-z]*)"/g)].map(
          (m) => `${m[1]}:${m[2]}`,
        ),
      ).toEqual(['created:draft', 'submitted:received', 'statusChanged:processing', 'statusChanged:done']);
      expect(citizenView.body).toContain('Hoàng Văn Hải (Công an phường Ba Đình)');
      expect(citizenView.body).toContain('Đã kiểm tra giấy tờ');
      const notices = h.notices.filter((n) => n.accountId === 'acc-an').map((n) => n.subject);
      expect(notices.some((s) => s.includes('Đang xử lý'))).toBe(true);
      expect(notices.some((s) => s.includes('Đã có kết quả'))).toBe(true);
      expect(h.audits.filter((a) => a.event === 'dossier.statusChanged')).toHaveLength(2);
      // No way back from done; no officer form any more.
      const back = await move(id, 'done', 'processing');
      expect(back.statusCode).toBe(409);
      expect(codesIn(back.body)).toContain('STATUS_CHANGE_INVALID');
      expect(back.body).not.toContain('id="chuyen-trang-thai"');
    });

    it('refuses a stale form (another officer changed it first) and an unknown status', async () => {
      const id = await receivedDossier();
      expect((await move(id, 'received', 'returned', 'Thiếu giấy tờ')).statusCode).toBe(200);
      const stale = await move(id, 'received', 'processing');
      expect(stale.statusCode).toBe(409);
      expect(codesIn(stale.body)).toContain('STATUS_CHANGE_INVALID');
      expect((await move(id, 'returned', 'archived')).statusCode).toBe(409);
      const row = await h.db
        .selectFrom('dossiers')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('returned');
    });

    it('keeps officer pages to officers; drafts are not shown to them', async () => {
      const id = await receivedDossier();
      const citizen = await h.get('/can-bo/ho-so', 'an');
      expect(citizen.statusCode).toBe(403);
      expect(codesIn(citizen.body)).toContain('OFFICER_ONLY');
      const byCitizen = await h.post(
        `/can-bo/ho-so/${id}/trang-thai`,
        { from: 'received', status: 'processing' },
        'an',
      );
      expect(byCitizen.statusCode).toBe(403);
      expect((await h.get('/can-bo/ho-so')).statusCode).toBe(303);
      const r = await h.post('/thu-tuc/dang-ky-thuong-tru', RESIDENCE_FORM, 'an');
      const draftId = String(r.headers.location).split('/')[2] ?? '';
      expect((await h.get(`/can-bo/ho-so/${draftId}`, 'officer')).statusCode).toBe(404);
      // CSRF is the app's: a POST without the token never reaches the module.
      expect(
        (await h.post(`/can-bo/ho-so/${id}/trang-thai`, { status: 'done' }, 'officer', 'wrong')).statusCode,
      ).toBe(403);
    });

    it("refuses an officer's status change of their own dossier (separation of duties), audited", async () => {
      const id = await receivedDossier();
      h.officers.set('an', { id: 'acc-an', fullName: 'Nguyễn Văn An', unit: 'Công an phường Hoàn Kiếm' });
      try {
        const own = await h.post(
          `/can-bo/ho-so/${id}/trang-thai`,
          { from: 'received', status: 'processing' },
          'an',
        );
        expect(own.statusCode).toBe(403);
        expect(codesIn(own.body)).toContain('OFFICER_OWN_DOSSIER');
      } finally {
        h.officers.delete('an');
      }
      const row = await h.db
        .selectFrom('dossiers')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('received');
      expect(h.audits.map((a) => a.event)).toContain('dossier.ownDossierRefused');
      // Another officer may.
      expect((await move(id, 'received', 'processing')).statusCode).toBe(200);
    });
  });

describe('without an officer role in the host', () => {
  let h: DossierHarness;
  beforeAll(async () => {
    h = await startDossierHarness({ officerRole: false });
  });
  afterAll(async () => {
    await h?.close();
  });
  it('the officer pages do not exist', async () => {
    expect((await h.get('/can-bo/ho-so')).statusCode).toBe(404);
  });
});
