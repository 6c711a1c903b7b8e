/** The demo CA served on a real port, checked by lib's path validation with its HTTP revocation fetcher. */
import { createHash } from 'node:crypto';
import { buildOcspRequest, httpRevocationFetch, RevocationCache, validatePath } from '@kyso/lib';
import { type DemoPki, generateDemoPki } from '@kyso/lib/demo-pki';
import { BasicOCSPResponse, OCSPResponse } from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulators, SIM_PIN, startSimulators } from '../../src/simulators/index.js';
import { freePort } from '../freePort.js';

let pki: DemoPki;
let running: RunningSimulators;

beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  // The certificates' AIA/CDP must name this port, so this file makes its own PKI.
  pki = await generateDemoPki({ baseUrl: `${publicUrl}/pki` });
  running = await startSimulators({
    port,
    host: '127.0.0.1',
    publicUrl,
    demoPki: pki,
    logger: false,
    timeoutDelayMs: 20,
  });
});
afterAll(() => running?.close());

async function check(der: Uint8Array, chain: Uint8Array[], mode: 'ocsp' | 'crl') {
  return validatePath(der, {
    intermediates: chain,
    trustAnchors: [pki.roots.national, pki.roots.government],
    revocation: {
      mode,
      fetch: httpRevocationFetch({ timeoutMs: 5000 }),
      cache: new RevocationCache(),
      requireRevocationInfo: true,
    },
  });
}

describe('demo CA over HTTP', () => {
  it('reports good for the demo citizen and revoked for the revoked identity, by OCSP and by CRL', async () => {
    const { citizen, revoked } = pki.identities;
    for (const mode of ['ocsp', 'crl'] as const) {
      const good = await check(citizen.certificate, citizen.chain, mode);
      expect(good.revocation.status, mode).toBe('good');
      expect(good.revocation.perCertificate[0]?.source).toBe(mode);
      expect(good.valid).toBe(true);
      const bad = await check(revoked.certificate, revoked.chain, mode);
      expect(bad.revocation.status, mode).toBe('revoked');
      expect(bad.valid).toBe(false);
    }
  });

  it('knows certificates issued at run time to SIM-signature subscribers', async () => {
    const base = running.url;
    const requested = await fetch(`${base}/mssp/signature`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        msisdn: '84912345678',
        dataToBeSigned: createHash('sha256').update('hồ sơ').digest('base64'),
        dataToBeDisplayed: 'Đăng ký tài khoản',
        apTransId: 'T1',
      }),
    });
    const { msspTransId } = (await requested.json()) as { msspTransId: string };
    const approved = await fetch(`${base}/phone/84912345678/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transactionId: msspTransId, pin: SIM_PIN }).toString(),
      redirect: 'manual',
    });
    expect(approved.status).toBe(303);
    const status = (await (await fetch(`${base}/mssp/status/${msspTransId}`)).json()) as {
      certificate: string;
      chain: string[];
    };
    const result = await check(
      Buffer.from(status.certificate, 'base64'),
      status.chain.map((c) => Buffer.from(c, 'base64')),
      'ocsp',
    );
    expect(result.revocation.status).toBe('good');
    expect(result.valid).toBe(true);
  });

  it('serves CA certificates and CRLs with their media types, 404 for unknown CAs', async () => {
    const crt = await fetch(`${running.url}/pki/crt/vnpt.crt`);
    expect(crt.headers.get('content-type')).toBe('application/pkix-cert');
    expect(Buffer.from(await crt.arrayBuffer()).equals(Buffer.from(pki.cas.vnpt?.certificate ?? []))).toBe(
      true,
    );
    const crl = await fetch(`${running.url}/pki/crl/govAgencies.crl`);
    expect(crl.status).toBe(200);
    expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
    expect((await fetch(`${running.url}/pki/crt/nobody.crt`)).status).toBe(404);
    expect((await fetch(`${running.url}/pki/crl/vnpt.crt`)).status).toBe(404);
    expect((await fetch(`${running.url}/pki/ocsp/nobody`, { method: 'POST' })).status).toBe(404);
  });

  it('answers OCSP by GET with a URL-encoded base64 request (RFC 6960 A.1)', async () => {
    const { revoked } = pki.identities;
    const issuer = revoked.chain[0] as Uint8Array;
    const request = await buildOcspRequest(revoked.certificate, issuer);
    const path = encodeURIComponent(Buffer.from(request).toString('base64'));
    const res = await fetch(`${running.url}/pki/ocsp/${revoked.issuer}/${path}`);
    expect(res.headers.get('content-type')).toBe('application/ocsp-response');
    const response = OCSPResponse.fromBER(await res.arrayBuffer());
    expect(response.responseStatus.valueBlock.valueDec).toBe(0);
    const basic = BasicOCSPResponse.fromBER(
      response.responseBytes?.response.valueBlock.valueHexView.slice().buffer ?? new ArrayBuffer(0),
    );
    // certStatus [1] = revoked
    expect(basic.tbsResponseData.responses[0]?.certStatus.idBlock.tagNumber).toBe(1);
    expect((await fetch(`${running.url}/pki/ocsp/vnpt/%%%`)).status).toBe(400);
  });

  it('answers malformed OCSP bodies with malformedRequest, and other media types with 415', async () => {
    const garbage = await fetch(`${running.url}/pki/ocsp/vnpt`, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(garbage.status).toBe(200);
    expect(OCSPResponse.fromBER(await garbage.arrayBuffer()).responseStatus.valueBlock.valueDec).toBe(1);
    const json = await fetch(`${running.url}/pki/ocsp/vnpt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
