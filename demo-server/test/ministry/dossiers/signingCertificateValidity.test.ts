/**
 * A dossier signed with a SIM (or a remote signature) whose certificate exists but is not current: the
 * simulators' SIM and remote-signing keys are certified here by the demo PKI's real CAs with a validity
 * period of this suite's choosing — An's ended 35 days ago, Hoa's starts in two days — and the ministry must
 * refuse the attempt before anything is sent to the phone or the app. The edges of the period are checked
 * on the same certificates with the ministry's clock: notBefore and notAfter are in the period (RFC 5280,
 * as lib's path validation has it), the millisecond before and the one after are not.
 */
import { parseCertificate } from '@kyso/lib';
import type { DemoPki } from '@kyso/lib/demo-pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_MESSAGES } from '../../../src/ministry/dossiers/dossierMessages.js';
import type { DossierHarness } from './dossierTestKit.js';
import { account, codesIn, RESIDENCE_FORM, startDossierHarness } from './dossierTestKit.js';

const DAY = 86_400_000;
const T0 = Date.now();
const AN = { cccd: '001090012345', phone: '0912345678', msisdn: '84912345678' };
const HOA = { cccd: '031188003456', phone: '0977123456', msisdn: '84977123456', fullName: 'Vũ Thị Hoa' };
/** Has a remote-signing credential, no SIM. */
const DUNG = { cccd: '048192004567', fullName: 'Phạm Thị Dung' };

/** Validity periods of the certificates the simulators' keys get, by the holder's CCCD. */
const VALIDITY: Record<string, { notBefore: Date; notAfter: Date }> = {
  [AN.cccd]: { notBefore: new Date(T0 - 400 * DAY), notAfter: new Date(T0 - 35 * DAY) },
  [HOA.cccd]: { notBefore: new Date(T0 + 2 * DAY), notAfter: new Date(T0 + 367 * DAY) },
  [DUNG.cccd]: { notBefore: new Date(T0 + 2 * DAY), notAfter: new Date(T0 + 367 * DAY) },
};

/** The residence-registration answers of each test account (An's are the kit's). */
const FORMS = {
  an: RESIDENCE_FORM,
  hoa: {
    ...RESIDENCE_FORM,
    hoVaTen: HOA.fullName,
    soDinhDanh: HOA.cccd,
    ngaySinh: '12/09/1988',
    gioiTinh: '2',
  },
  dung: {
    ...RESIDENCE_FORM,
    hoVaTen: DUNG.fullName,
    soDinhDanh: DUNG.cccd,
    ngaySinh: '09/01/1992',
    gioiTinh: '2',
  },
};
type As = keyof typeof FORMS;

/** The demo PKI, its CAs issuing the certificates of the holders in VALIDITY for their periods. */
function issuingFor(pki: DemoPki): DemoPki {
  return {
    ...pki,
    issue: (request) => {
      const period = request.subject.cccd ? VALIDITY[request.subject.cccd] : undefined;
      return pki.issue(period ? { ...request, ...period } : request);
    },
  };
}

describe('SIM and remote signatures with a certificate out of its validity period', () => {
  let h: DossierHarness;
  beforeAll(async () => {
    h = await startDossierHarness({ simulatorsPki: issuingFor });
    h.accounts.set('an', account({ id: 'acc-an', idNumber: AN.cccd, phone: AN.phone }));
    h.accounts.set(
      'hoa',
      account({ id: 'acc-hoa', idNumber: HOA.cccd, fullName: HOA.fullName, phone: HOA.phone }),
    );
    h.accounts.set('dung', account({ id: 'acc-dung', idNumber: DUNG.cccd, fullName: DUNG.fullName }));
  });
  afterAll(async () => {
    await h?.close();
  });

  async function draft(as: As): Promise<string> {
    const r = await h.post('/thu-tuc/dang-ky-thuong-tru', FORMS[as], as);
    expect(r.statusCode).toBe(303);
    return String(r.headers.location).split('/')[2] ?? '';
  }

  /** The SIM's certificate as the MSSP's profile query gives it (issued on first use, then kept). */
  async function simCertificate(msisdn: string) {
    const res = await fetch(`${h.simulators.url}/mssp/profile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msisdn }),
    });
    const body = (await res.json()) as { certificate?: string };
    expect(body.certificate).toBeTruthy();
    return parseCertificate(body.certificate as string);
  }

  /** Whether the simulated phone or signing app at `path` shows a request to approve. */
  const showsRequest = async (path: string) =>
    (await (await fetch(`${h.simulators.url}${path}`)).text()).includes(`${path}/approve`);

  const attempts = async (id: string) =>
    (await h.db.selectFrom('dossierSignings').select('id').where('dossierId', '=', id).execute()).length;

  /** Asks for a SIM signature of `id` with the ministry's clock at `at` (undefined: the real time). */
  async function simAt(id: string, as: As, phone: string, at: number | undefined, lang = '') {
    h.clock.now = at ?? null;
    try {
      return await h.post(`/ho-so/${id}/ky/sim${lang}`, { phone }, as);
    } finally {
      h.clock.now = null;
    }
  }

  it('An’s SIM certificate ended 35 days ago: SIM_NO_CERTIFICATE, in Vietnamese first, and the phone never rings', async () => {
    const id = await draft('an');
    const refused = await simAt(id, 'an', AN.phone, undefined);
    expect(refused.statusCode).toBe(422);
    expect(codesIn(refused.body)).toContain('SIM_NO_CERTIFICATE');
    expect(refused.body).toContain(PAGE_MESSAGES.SIM_NO_CERTIFICATE.vi);
    const english = await simAt(id, 'an', AN.phone, undefined, '?lang=en');
    expect(english.body).toContain(PAGE_MESSAGES.SIM_NO_CERTIFICATE.en);
    // The certificate exists (the profile gives it, from the carrier's demo CA) and is really expired.
    const certificate = await simCertificate(AN.msisdn);
    expect(certificate.notAfter.getTime()).toBeLessThan(Date.now());
    expect(certificate.subjectString).toContain(AN.cccd);
    // Nothing was prepared or sent: no signing attempt, nothing waiting on the phone.
    expect(await attempts(id)).toBe(0);
    expect(await showsRequest(`/phone/${AN.msisdn}`)).toBe(false);
    expect((await h.get(`/ho-so/${id}/ky/cho`, 'an')).statusCode).toBe(409);
  });

  it('An’s certificate is accepted up to its notAfter included (RFC 5280), refused a millisecond later', async () => {
    const { notAfter } = await simCertificate(AN.msisdn);
    const id = await draft('an');
    const after = await simAt(id, 'an', AN.phone, notAfter.getTime() + 1);
    expect(codesIn(after.body)).toContain('SIM_NO_CERTIFICATE');
    expect(await attempts(id)).toBe(0);
    const lastMoment = await simAt(id, 'an', AN.phone, notAfter.getTime());
    expect(lastMoment.statusCode).toBe(303);
    expect(lastMoment.headers.location).toBe(`/ho-so/${id}/ky/cho`);
    expect(await attempts(id)).toBe(1);
  });

  it('Hoa’s SIM certificate starts in two days: SIM_NO_CERTIFICATE now, accepted from its first second', async () => {
    const id = await draft('hoa');
    const now = await simAt(id, 'hoa', HOA.phone, undefined);
    expect(now.statusCode).toBe(422);
    expect(codesIn(now.body)).toContain('SIM_NO_CERTIFICATE');
    const { notBefore } = await simCertificate(HOA.msisdn);
    expect(notBefore.getTime()).toBeGreaterThan(Date.now());
    const justBefore = await simAt(id, 'hoa', HOA.phone, notBefore.getTime() - 1);
    expect(codesIn(justBefore.body)).toContain('SIM_NO_CERTIFICATE');
    expect(await attempts(id)).toBe(0);
    const first = await simAt(id, 'hoa', HOA.phone, notBefore.getTime());
    expect(first.statusCode).toBe(303);
    expect(await attempts(id)).toBe(1);
  });

  it('remote signature with a certificate that ended (An) or has not started (Dung): refused before the app is asked', async () => {
    for (const as of ['an', 'dung'] as const) {
      const id = await draft(as);
      const refused = await h.post(`/ho-so/${id}/ky/tu-xa`, {}, as);
      expect(refused.statusCode, as).toBe(422);
      expect(codesIn(refused.body), as).toContain('RS_NO_VALID_CERTIFICATE');
      expect(refused.body).toContain(PAGE_MESSAGES.RS_NO_VALID_CERTIFICATE.vi);
      expect(await attempts(id), as).toBe(0);
      expect(await showsRequest(`/rs/app/${FORMS[as].soDinhDanh}`), as).toBe(false);
    }
    // Within its period (the ministry's clock moved there) An's credential is used as before.
    const id = await draft('an');
    h.clock.now = T0 - 100 * DAY;
    try {
      expect((await h.post(`/ho-so/${id}/ky/tu-xa`, {}, 'an')).statusCode).toBe(303);
    } finally {
      h.clock.now = null;
    }
    expect(await attempts(id)).toBe(1);
    expect(await showsRequest(`/rs/app/${AN.cccd}`)).toBe(true);
  });
});
