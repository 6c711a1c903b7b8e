import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIdentity, type DemoPki, generateDemoPki } from '../src/demo-pki/index.js';
import { encodePem } from '../src/encoding/index.js';

let pki: DemoPki;
let work: string;

beforeAll(async () => {
  pki = await generateDemoPki();
  work = mkdtempSync(join(tmpdir(), 'kyso-demo-pki-rev-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, data: string | Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, data);
  return path;
}
const pem = (ders: Uint8Array[]) => ders.map((d) => encodePem('CERTIFICATE', d)).join('');

function openssl(args: string[]): { status: number; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** Builds an OCSP request with openssl for `serial` (or the identity's certificate) under its issuing CA. */
function ocspRequest(id: DemoIdentity, tag: string, extra: string[] = []): string {
  const reqPath = join(work, `${tag}.req`);
  const issuer = file(`${tag}-issuer.pem`, pem([id.chain[0]!]));
  const target = extra.includes('-serial') ? [] : ['-cert', file(`${tag}-cert.pem`, pem([id.certificate]))];
  const r = openssl(['ocsp', '-issuer', issuer, ...extra, ...target, '-reqout', reqPath]);
  expect(r.status, r.out).toBe(0);
  return reqPath;
}

async function ocspCheck(id: DemoIdentity, reqPath: string, tag: string, at?: Date, delegated = false) {
  const resp = await pki.ocspRespond(readFileSync(reqPath), at, { delegated });
  const respPath = file(`${tag}.resp`, resp);
  return openssl([
    'ocsp',
    '-reqin',
    reqPath,
    '-respin',
    respPath,
    '-CAfile',
    file(`${tag}-root.pem`, pem([id.root])),
    '-verify_other',
    file(`${tag}-chain.pem`, pem(id.chain)),
    '-resp_text',
  ]);
}

describe('CRL', () => {
  it('openssl verifies the VNPT CRL, which lists the revoked serial with its reason', async () => {
    const crl = file('vnpt.crl', await pki.crl('vnpt'));
    const r = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      crl,
      '-noout',
      '-text',
      '-CAfile',
      file('vnpt-ca.pem', pem([pki.cas.vnpt!.certificate])),
      '-verify',
    ]);
    expect(r.out).toContain('verify OK');
    expect(r.out).toContain(`Serial Number: ${pki.identities.revoked.serialNumber.toUpperCase()}`);
    expect(r.out).toContain('Key Compromise');
    expect(r.out).toContain('X509v3 CRL Number');
    expect(r.out).not.toContain(pki.identities.citizen.serialNumber.toUpperCase());
  });

  it('the suspended certificate is on the FPT CRL as certificateHold; other CRLs are empty', async () => {
    const fpt = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      file('fpt.crl', await pki.crl('fpt')),
      '-noout',
      '-text',
    ]);
    expect(fpt.out).toContain(pki.identities.suspended.serialNumber.toUpperCase());
    expect(fpt.out).toContain('Certificate Hold');
    const gov = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      file('gov.crl', await pki.crl('govAgencies')),
      '-noout',
      '-text',
      '-CAfile',
      file('gov-ca.pem', pem([pki.cas.govAgencies!.certificate])),
      '-verify',
    ]);
    expect(gov.out).toContain('verify OK');
    expect(gov.out).toContain('No Revoked Certificates');
  });

  it('a CRL as of before the revocation does not list it; the update times follow `at`', async () => {
    const at = new Date(pki.identities.revoked.revocation!.revokedAt.getTime() - 86_400_000);
    const r = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      file('old.crl', await pki.crl('vnpt', at)),
      '-noout',
      '-text',
    ]);
    expect(r.out).not.toContain(pki.identities.revoked.serialNumber.toUpperCase());
    const lastUpdate = /Last Update: (.+)/.exec(r.out)![1]!;
    expect(Math.abs(Date.parse(lastUpdate) - at.getTime())).toBeLessThan(1000);
  });

  it('openssl verify -crl_check rejects the revoked certificate and accepts a good one', async () => {
    const crlPem = file('vnpt-crl.pem', encodePem('X509 CRL', await pki.crl('vnpt')));
    const check = (id: DemoIdentity) =>
      openssl([
        'verify',
        '-crl_check',
        '-CRLfile',
        crlPem,
        '-CAfile',
        file(`${id.name}-root.pem`, pem([id.root])),
        '-untrusted',
        file(`${id.name}-chain.pem`, pem(id.chain)),
        file(`${id.name}-leaf.pem`, pem([id.certificate])),
      ]);
    const revoked = check(pki.identities.revoked);
    expect(revoked.status).not.toBe(0);
    expect(revoked.out).toContain('certificate revoked');
    const good = check(pki.identities.citizen);
    expect(good.out).toMatch(/: OK/);
  });

  it('an unknown CA is a typed error', async () => {
    await expect(pki.crl('nope')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});

describe('OCSP', () => {
  it('good, verified by openssl, nonce echoed (SHA-1 CertID)', async () => {
    const id = pki.identities.citizen;
    const r = await ocspCheck(id, ocspRequest(id, 'good'), 'good');
    expect(r.out).toContain('Response verify OK');
    expect(r.out).toContain('Cert Status: good');
    expect(r.out).toContain('OCSP Nonce');
  });

  it('revoked with reason keyCompromise (SHA-256 CertID)', async () => {
    const id = pki.identities.revoked;
    const r = await ocspCheck(id, ocspRequest(id, 'revoked', ['-sha256']), 'revoked');
    expect(r.out).toContain('Response verify OK');
    expect(r.out).toContain('Cert Status: revoked');
    expect(r.out).toContain('Revocation Reason: keyCompromise');
  });

  it('suspended reports certificateHold; good as of before the suspension', async () => {
    const id = pki.identities.suspended;
    const req = ocspRequest(id, 'hold');
    expect((await ocspCheck(id, req, 'hold')).out).toContain('Revocation Reason: certificateHold');
    const before = new Date(id.revocation!.revokedAt.getTime() - 3_600_000);
    const r = await ocspCheck(id, req, 'hold-before', before);
    expect(r.out).toContain('Cert Status: good');
  });

  it('unknown serial under a demo CA', async () => {
    const id = pki.identities.citizen;
    const r = await ocspCheck(id, ocspRequest(id, 'unknown', ['-serial', '0x5401aabbccdd']), 'unknown');
    expect(r.out).toContain('Response verify OK');
    expect(r.out).toContain('Cert Status: unknown');
  });

  it('government CA and CA certificates are answered too', async () => {
    const gov = pki.identities.civilServant;
    const r = await ocspCheck(gov, ocspRequest(gov, 'gov'), 'gov');
    expect(r.out).toContain('Response verify OK');
    expect(r.out).toContain('Cert Status: good');
    // VNPT-CA's own certificate, answered by the national root.
    const caAsLeaf = {
      ...pki.identities.citizen,
      certificate: pki.cas.vnpt!.certificate,
      chain: [pki.roots.national],
    };
    const ca = await ocspCheck(caAsLeaf, ocspRequest(caAsLeaf, 'ca'), 'ca');
    expect(ca.out).toContain('Cert Status: good');
  });

  it('delegated responder signs for VNPT and is verified by openssl', async () => {
    const id = pki.identities.citizen;
    const r = await ocspCheck(id, ocspRequest(id, 'delegated'), 'delegated', undefined, true);
    expect(r.out).toContain('Response verify OK');
    expect(r.out).toContain('Responder Id: ');
    expect(r.out).toContain('DEMO VNPT-CA OCSP Responder');
  });

  it('several certificates in one request: each answered; a certificate of another CA is unknown', async () => {
    const good = pki.identities.citizen;
    const revoked = pki.identities.revoked;
    const issuer = file('multi-issuer.pem', pem([good.chain[0]!]));
    const req = join(work, 'multi.req');
    const r = openssl([
      'ocsp',
      '-issuer',
      issuer,
      '-cert',
      file('multi-a.pem', pem([good.certificate])),
      '-cert',
      file('multi-b.pem', pem([revoked.certificate])),
      '-serial',
      `0x${pki.identities.citizenCmnd.serialNumber}`,
      '-reqout',
      req,
    ]);
    expect(r.status, r.out).toBe(0);
    const out = (await ocspCheck(good, req, 'multi')).out;
    expect(out).toContain('Response verify OK');
    expect(out.match(/Cert Status: \w+/g)).toEqual([
      'Cert Status: good',
      'Cert Status: revoked',
      'Cert Status: unknown',
    ]);
  });

  it('malformed input gives malformedRequest; a foreign issuer gives unauthorized', async () => {
    const bad = openssl([
      'ocsp',
      '-respin',
      file('bad.resp', await pki.ocspRespond(new Uint8Array([1, 2, 3]))),
      '-resp_text',
    ]);
    expect(bad.out).toContain('malformedrequest (1)');
    const key = join(work, 'foreign.key');
    const cert = join(work, 'foreign.pem');
    const gen = openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=Foreign CA',
      '-days',
      '1',
    ]);
    expect(gen.status, gen.out).toBe(0);
    const req = join(work, 'foreign.req');
    expect(openssl(['ocsp', '-issuer', cert, '-serial', '0x01', '-reqout', req]).status).toBe(0);
    const r = openssl([
      'ocsp',
      '-respin',
      file('foreign.resp', await pki.ocspRespond(readFileSync(req))),
      '-resp_text',
    ]);
    expect(r.out).toContain('unauthorized (6)');
  });
});
