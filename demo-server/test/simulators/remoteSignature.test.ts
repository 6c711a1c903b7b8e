import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import { prepareCms, validatePath, verifyCms } from '@kyso/lib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC_ID, MAGIC_RS_USER, RS_APP_PIN, RS_STATUS } from '../../src/simulators/index.js';
import { demoPki, errorCode, postForm, postJson, simulatorsApp, TestClock } from './simulatorsTestKit.js';

const TTL = 60_000;
const clock = new TestClock();
let app: FastifyInstance;
beforeAll(async () => {
  app = await simulatorsApp({ now: clock.now, approvalTtlMs: TTL });
});
afterAll(() => app.close());

const AN = '001090012345';
const AN_CREDENTIAL = `rs-${AN}-01`;

interface RsStatus {
  status: number;
  statusName: string;
  signatures?: string[];
  certificate?: string;
  chain?: string[];
  hashAlgo?: string;
}

async function signHash(
  credentialId: string,
  documents: Buffer[],
  description = 'Ký tờ khai đăng ký hộ kinh doanh',
) {
  const res = await postJson(app, '/rs/signatures/signHash', {
    credentialId,
    hashes: documents.map((d) => createHash('sha256').update(d).digest('base64')),
    hashAlgo: '2.16.840.1.101.3.4.2.1',
    description,
  });
  return { res, id: (res.json() as { transactionId?: string }).transactionId ?? '' };
}

async function status(id: string): Promise<RsStatus> {
  const res = await app.inject({ method: 'GET', url: `/rs/signatures/${id}` });
  expect(res.statusCode).toBe(200);
  return res.json() as RsStatus;
}

describe('remote-signing provider', () => {
  it('lists credentials by CCCD, none for others, and simulates faults', async () => {
    expect((await postJson(app, '/rs/credentials/list', { userId: AN })).json()).toEqual({
      credentialIds: [AN_CREDENTIAL],
    });
    expect((await postJson(app, '/rs/credentials/list', { userId: MAGIC_ID.noMatch })).json()).toEqual({
      credentialIds: [],
    });
    expect((await postJson(app, '/rs/credentials/list', { userId: 'abc' })).statusCode).toBe(400);
    expect((await postJson(app, '/rs/credentials/list', { userId: MAGIC_ID.unavailable })).statusCode).toBe(
      503,
    );
    expect((await postJson(app, '/rs/credentials/list', { userId: MAGIC_ID.timeout })).statusCode).toBe(504);
  });

  it('describes a credential with its certificate chain and key, CSC style', async () => {
    const res = await postJson(app, '/rs/credentials/info', { credentialId: AN_CREDENTIAL });
    expect(res.statusCode).toBe(200);
    const info = res.json() as {
      cert: { status: string; certificates: string[]; validFrom: string; validTo: string; subjectDN: string };
      key: { status: string; algo: string[]; len: number };
    };
    expect(info.key).toEqual({ status: 'ENABLED', algo: ['1.2.840.113549.1.1.1'], len: 2048 });
    expect(info.cert.status).toBe('VALID');
    expect(info.cert.certificates).toHaveLength(2);
    expect(info.cert.validFrom).toMatch(/^\d{14}Z$/);
    expect(info.cert.subjectDN).toContain(`CCCD:${AN}`);
    const [leaf, issuer] = info.cert.certificates.map((c) => new X509Certificate(Buffer.from(c, 'base64')));
    expect(leaf?.checkIssued(issuer as X509Certificate)).toBe(true);

    const locked = await postJson(app, '/rs/credentials/info', {
      credentialId: `rs-${MAGIC_RS_USER.keyLocked}-01`,
    });
    expect(locked.json().key.status).toBe('DISABLED');
    const unknown = await postJson(app, '/rs/credentials/info', { credentialId: 'rs-nobody' });
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(unknown)).toBe('CREDENTIAL_NOT_FOUND');
  });

  it('waits for confirmation in the app, then returns one verifiable signature per hash', async () => {
    const docs = [randomBytes(100), randomBytes(200)];
    const { res, id } = await signHash(AN_CREDENTIAL, docs);
    expect(res.json()).toEqual({ transactionId: id, status: 4000, statusName: 'WAITING_FOR_SIGNER_CONFIRM' });
    expect((await status(id)).status).toBe(RS_STATUS.WAITING_FOR_SIGNER_CONFIRM);

    const page = await app.inject({ method: 'GET', url: `/rs/app/${AN}` });
    expect(page.body).toContain('Ký tờ khai đăng ký hộ kinh doanh');
    expect(page.body).toContain('Nguyễn Văn An');
    expect(page.body).not.toContain('data-watch');

    const wrong = await postForm(app, `/rs/app/${AN}/approve`, { transactionId: id, pin: '000000' });
    expect(wrong.headers.location).toBe(`/rs/app/${AN}?result=wrongPin`);
    expect((await status(id)).status).toBe(4000);
    const ok = await postForm(app, `/rs/app/${AN}/approve`, { transactionId: id, pin: RS_APP_PIN });
    expect(ok.headers.location).toBe(`/rs/app/${AN}?result=signed`);

    const done = await status(id);
    expect(done).toMatchObject({ status: 1, statusName: 'SUCCESS', hashAlgo: '2.16.840.1.101.3.4.2.1' });
    expect(done.signatures).toHaveLength(2);
    const certDer = Buffer.from(done.certificate ?? '', 'base64');
    const cert = new X509Certificate(certDer);
    docs.forEach((doc, i) => {
      expect(verify('sha256', doc, cert.publicKey, Buffer.from(done.signatures?.[i] ?? '', 'base64'))).toBe(
        true,
      );
    });
    // The signing certificate is the one credentials/info described.
    const info = (await postJson(app, '/rs/credentials/info', { credentialId: AN_CREDENTIAL })).json();
    expect(info.cert.certificates[0]).toBe(done.certificate);
    const path = await validatePath(certDer, {
      intermediates: (done.chain ?? []).map((c) => Buffer.from(c, 'base64')),
      trustAnchors: [(await demoPki()).roots.national],
      revocation: { mode: 'off' },
    });
    expect(path.valid).toBe(true);
  });

  it('produces a CMS (CAdES-BES) that lib’s verifyCms accepts, from the certificate of credentials/info', async () => {
    const info = (await postJson(app, '/rs/credentials/info', { credentialId: AN_CREDENTIAL })).json() as {
      cert: { certificates: string[] };
    };
    const [leaf, ...chain] = info.cert.certificates.map((c) => Buffer.from(c, 'base64'));
    const content = Buffer.from('Tờ khai đăng ký tài khoản Cổng dịch vụ công quốc gia');
    const prepared = await prepareCms({ content, detached: false, certificate: leaf as Buffer, chain });
    const res = await postJson(app, '/rs/signatures/signHash', {
      credentialId: AN_CREDENTIAL,
      hashes: [Buffer.from(prepared.toBeSignedDigest).toString('base64')],
      description: 'Ký tờ khai',
    });
    const id = res.json().transactionId as string;
    await postForm(app, `/rs/app/${AN}/approve`, { transactionId: id, pin: RS_APP_PIN });
    const done = await status(id);
    const cms = await prepared.finish(Buffer.from(done.signatures?.[0] ?? '', 'base64'));
    const verdict = await verifyCms(cms, {
      trustAnchors: [(await demoPki()).roots.national],
      revocation: { mode: 'off' },
    });
    expect(verdict.errors).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(verdict.signers[0]?.subject).toContain('Nguyễn Văn An');
    expect(Buffer.from(verdict.content ?? []).equals(content)).toBe(true);
  });

  it('reports a rejection from the app, and expiry exactly at the TTL', async () => {
    const rejected = await signHash(AN_CREDENTIAL, [randomBytes(10)]);
    const res = await postForm(app, `/rs/app/${AN}/reject`, { transactionId: rejected.id });
    expect(res.headers.location).toBe(`/rs/app/${AN}?result=rejected`);
    expect(await status(rejected.id)).toMatchObject({ status: 4002, statusName: 'SIGNER_REJECTED' });

    const late = await signHash(AN_CREDENTIAL, [randomBytes(10)]);
    clock.advance(TTL - 1);
    expect((await status(late.id)).status).toBe(4000);
    clock.advance(1);
    expect(await status(late.id)).toMatchObject({ status: 4001, statusName: 'EXPIRED' });
    const tooLate = await postForm(app, `/rs/app/${AN}/approve`, { transactionId: late.id, pin: RS_APP_PIN });
    expect(tooLate.headers.location).toBe(`/rs/app/${AN}?result=gone`);
  });

  it('fails the transaction with 4003 after five wrong app PINs', async () => {
    const { id } = await signHash(AN_CREDENTIAL, [randomBytes(10)]);
    for (let i = 1; i <= 4; i++) {
      const r = await postForm(app, `/rs/app/${AN}/approve`, { transactionId: id, pin: '111111' });
      expect(r.headers.location).toBe(`/rs/app/${AN}?result=wrongPin`);
    }
    const fifth = await postForm(app, `/rs/app/${AN}/approve`, { transactionId: id, pin: '111111' });
    expect(fifth.headers.location).toBe(`/rs/app/${AN}?result=locked`);
    expect(await status(id)).toMatchObject({ status: 4003, statusName: 'AUTHORIZE_KEY_FAILED' });
  });

  it('plays the magic users: rejects, never confirms, key locked', async () => {
    const rejects = await signHash(`rs-${MAGIC_RS_USER.rejects}-01`, [randomBytes(10)]);
    expect(rejects.res.json().status).toBe(4002);
    expect((await status(rejects.id)).status).toBe(4002);

    const silent = await signHash(`rs-${MAGIC_RS_USER.neverConfirms}-01`, [randomBytes(10)]);
    expect(silent.res.json().status).toBe(4000);
    const page = await app.inject({ method: 'GET', url: `/rs/app/${MAGIC_RS_USER.neverConfirms}` });
    expect(page.body).not.toContain(silent.id);
    const forced = await postForm(app, `/rs/app/${MAGIC_RS_USER.neverConfirms}/approve`, {
      transactionId: silent.id,
      pin: RS_APP_PIN,
    });
    expect(forced.headers.location).toContain('result=gone');
    clock.advance(TTL);
    expect((await status(silent.id)).status).toBe(4001);

    const locked = await signHash(`rs-${MAGIC_RS_USER.keyLocked}-01`, [randomBytes(10)]);
    expect(locked.res.json()).toMatchObject({ status: 4003, statusName: 'AUTHORIZE_KEY_FAILED' });
  });

  it('refuses bad signHash input and unknown transactions', async () => {
    const base = {
      credentialId: AN_CREDENTIAL,
      description: 'x',
      hashes: [createHash('sha256').update('x').digest('base64')],
    };
    for (const body of [
      { ...base, hashes: [] },
      { ...base, hashes: Array.from({ length: 51 }, () => base.hashes[0]) },
      { ...base, hashes: [Buffer.alloc(20).toString('base64')] },
      { ...base, hashes: ['%%%'] },
      { ...base, hashAlgo: 'MD5' },
      { ...base, description: '' },
    ]) {
      const res = await postJson(app, '/rs/signatures/signHash', body);
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('INVALID_REQUEST');
    }
    expect(
      (await postJson(app, '/rs/signatures/signHash', { ...base, credentialId: 'rs-x' })).statusCode,
    ).toBe(404);
    const unknown = await app.inject({ method: 'GET', url: '/rs/signatures/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(unknown)).toBe('TRANSACTION_NOT_FOUND');
    const page = await app.inject({ method: 'GET', url: '/rs/app/079085001234' });
    expect(page.body).toContain('chưa có chứng thư ký số từ xa');
    expect((await app.inject({ method: 'GET', url: '/rs/app/xyz' })).statusCode).toBe(404);
    const odd = await app.inject({ method: 'GET', url: `/rs/app/${AN}?result=constructor` });
    expect(odd.body).not.toContain('role="status"');
  });
});
