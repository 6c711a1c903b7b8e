import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  MAGIC_ID,
  RS_APP_PIN,
  SIM_PIN,
  SIMULATORS_DEFAULTS,
  SimulatorsConfigError,
  simulatorsConfigFromEnv,
} from '../../src/simulators/index.js';
import { demoPki, postForm, postJson, simulatorsApp } from './simulatorsTestKit.js';

describe('configuration', () => {
  it('has documented defaults', () => {
    expect(simulatorsConfigFromEnv({})).toEqual({
      port: 8090,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:8090',
      timeoutDelayMs: 10_000,
      approvalTtlMs: 120_000,
      logLevel: 'info',
    });
    expect(SIMULATORS_DEFAULTS.port).toBe(8090);
  });

  it('reads every variable', () => {
    expect(
      simulatorsConfigFromEnv({
        KYSO_SIMULATORS_PORT: '9100',
        KYSO_SIMULATORS_HOST: '0.0.0.0',
        KYSO_SIMULATORS_PUBLIC_URL: 'http://sim.kyso.test:9100/',
        KYSO_SIMULATORS_TIMEOUT_DELAY_MS: '250',
        KYSO_SIMULATORS_APPROVAL_TTL_MS: '300000',
        KYSO_SIMULATORS_LOG_LEVEL: 'warn',
      }),
    ).toEqual({
      port: 9100,
      host: '0.0.0.0',
      publicUrl: 'http://sim.kyso.test:9100',
      timeoutDelayMs: 250,
      approvalTtlMs: 300_000,
      logLevel: 'warn',
    });
    expect(simulatorsConfigFromEnv({ KYSO_SIMULATORS_PORT: '9200' }).publicUrl).toBe('http://localhost:9200');
  });

  it('refuses bad values with a bilingual message', () => {
    for (const env of [
      { KYSO_SIMULATORS_PORT: 'abc' },
      { KYSO_SIMULATORS_PORT: '65536' },
      { KYSO_SIMULATORS_TIMEOUT_DELAY_MS: '-1' },
      { KYSO_SIMULATORS_APPROVAL_TTL_MS: '999' },
      { KYSO_SIMULATORS_PUBLIC_URL: 'ftp://x' },
      { KYSO_SIMULATORS_PUBLIC_URL: 'http://x/path' },
      { KYSO_SIMULATORS_LOG_LEVEL: 'loud' },
    ]) {
      expect(() => simulatorsConfigFromEnv(env), JSON.stringify(env)).toThrow(SimulatorsConfigError);
    }
    expect(() => simulatorsConfigFromEnv({ KYSO_SIMULATORS_PORT: 'abc' })).toThrow(
      /phải là số nguyên.*must be an integer/,
    );
  });
});

describe('operation', () => {
  it('releases a request held by a timeout magic value when the app closes', async () => {
    const app = await simulatorsApp({ timeoutDelayMs: 600_000 });
    const pending = postJson(app, '/population/verify', {
      idNumber: MAGIC_ID.timeout,
      fullName: 'A',
      dateOfBirth: '01/01/2000',
    });
    await new Promise((r) => setImmediate(r));
    await app.close();
    const res = await pending;
    expect(res.statusCode).toBe(504);
  });

  it('logs requests without PINs, PUKs or digests', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await simulatorsApp({ logger: true, logLevel: 'trace', logStream: stream });
    const digest = createHash('sha256').update('bí mật').digest('base64');
    const req = await postJson(app, '/mssp/signature', {
      msisdn: '84903123456',
      dataToBeSigned: digest,
      dataToBeDisplayed: 'x',
      apTransId: 'log-test',
    });
    const id = req.json().msspTransId as string;
    await postForm(app, '/phone/84903123456/approve', { transactionId: id, pin: '765432' });
    await postForm(app, '/phone/84903123456/approve', { transactionId: id, pin: SIM_PIN });
    await postForm(app, '/rs/app/001090012345/approve', { transactionId: 'x', pin: '918273' });
    await postForm(app, '/phone/84903123456/unblock', { puk: '56473829' });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('/mssp/signature');
    expect(log).not.toContain('765432');
    expect(log).not.toContain('918273');
    expect(log).not.toContain('56473829');
    expect(log).not.toMatch(/"(pin|puk)"/);
    expect(log).not.toContain(digest);
  });

  it('reports signing failures as 900 INTERNAL_ERROR and 4004 SIGN_FAILED when the CA cannot issue', async () => {
    const pki = await demoPki();
    const app = await simulatorsApp({
      demoPki: {
        ...pki,
        issue: async () => {
          throw new Error('CA offline');
        },
      },
    });
    const digest = createHash('sha256').update('x').digest('base64');
    const sim = await postJson(app, '/mssp/signature', {
      msisdn: '84977123456',
      dataToBeSigned: digest,
      dataToBeDisplayed: 'x',
      apTransId: 'f',
    });
    const simId = sim.json().msspTransId as string;
    const answered = await postForm(app, '/phone/84977123456/approve', {
      transactionId: simId,
      pin: SIM_PIN,
    });
    expect(answered.headers.location).toBe('/phone/84977123456?result=failed');
    const simStatus = await app.inject({ method: 'GET', url: `/mssp/status/${simId}` });
    expect(simStatus.json().status).toEqual({ code: 900, message: 'INTERNAL_ERROR' });

    const rs = await postJson(app, '/rs/signatures/signHash', {
      credentialId: 'rs-048192004567-01',
      hashes: [digest],
      description: 'x',
    });
    const rsId = rs.json().transactionId as string;
    await postForm(app, '/rs/app/048192004567/approve', { transactionId: rsId, pin: RS_APP_PIN });
    const rsStatus = await app.inject({ method: 'GET', url: `/rs/signatures/${rsId}` });
    expect(rsStatus.json()).toMatchObject({ status: 4004, statusName: 'SIGN_FAILED' });
    const info = await postJson(app, '/rs/credentials/info', { credentialId: 'rs-048192004567-01' });
    expect(info.statusCode).toBe(500);
    expect(info.json().error.code).toBe('INTERNAL');
    expect(info.body).not.toContain('CA offline');
    await app.close();
  });

  it('sends security headers on pages', async () => {
    const app = await simulatorsApp();
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    await app.close();
  });
});
