import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, type DemoPki, type DemoSubject, generateDemoPki } from '../src/demo-pki/index.js';
import { KysoError } from '../src/protocol/index.js';

let pki: DemoPki;
let work: string;

beforeAll(async () => {
  pki = await generateDemoPki({ baseUrl: 'https://demo.kyso.example/pki/' });
  work = mkdtempSync(join(tmpdir(), 'kyso-demo-pki-issue-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const an = DEMO_CITIZENS.an;
const subject: DemoSubject = {
  fullName: an.fullName,
  cccd: an.cccd,
  province: an.province,
  locality: an.locality,
};

function chainsTo(certDer: Uint8Array, chain: Uint8Array[], root: Uint8Array): boolean {
  const certs = [certDer, ...chain, root].map((d) => new X509Certificate(d));
  return certs.every(
    (c, i) => i === certs.length - 1 || (c.checkIssued(certs[i + 1]!) && c.verify(certs[i + 1]!.publicKey)),
  );
}

describe('issue', () => {
  it('uses the base URL given at generation', () => {
    expect(pki.baseUrl).toBe('https://demo.kyso.example/pki');
    expect(pki.cas.fpt!.ocspUrl).toBe('https://demo.kyso.example/pki/ocsp/fpt');
    expect(new X509Certificate(pki.identities.citizenEc.certificate).infoAccess).toContain(
      'OCSP - URI:https://demo.kyso.example/pki/ocsp/fpt',
    );
  });

  it('generates a key pair when none is given; the certificate chains and is known to OCSP/status', async () => {
    const issued = await pki.issue({ caKey: 'viettel', subject, keyType: 'EC' });
    expect(issued.privateKey).toBeInstanceOf(Uint8Array);
    expect(chainsTo(issued.certificate, issued.chain, issued.root)).toBe(true);
    const cert = new X509Certificate(issued.certificate);
    expect(cert.subject).toContain('UID=CCCD:001090012345');
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    const pub = createPublicKey(
      createPrivateKey({ key: Buffer.from(issued.privateKey!), format: 'der', type: 'pkcs8' }),
    );
    expect(pub.equals(cert.publicKey)).toBe(true);
    expect(issued.serialNumber).toMatch(/^5401/);
    expect(pki.status('viettel', issued.serialNumber)).toEqual({ status: 'good' });
    expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(365 * 86_400_000);
  });

  it('issues for a public key from a CSR (openssl) and for a bare SubjectPublicKeyInfo', async () => {
    const key = join(work, 'csr.key');
    const csr = join(work, 'csr.der');
    const r = spawnSync('openssl', [
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-subj',
      '/CN=ignored',
      '-outform',
      'DER',
      '-out',
      csr,
    ]);
    expect(r.status).toBe(0);
    const fromCsr = await pki.issue({ csr: readFileSync(csr), subject });
    expect(fromCsr.privateKey).toBeUndefined();
    expect(fromCsr.issuer).toBe('vnpt');
    const expected = createPublicKey(readFileSync(key));
    expect(new X509Certificate(fromCsr.certificate).publicKey.equals(expected)).toBe(true);
    expect(new X509Certificate(fromCsr.certificate).subject).toContain('CN=Nguyễn Văn An');

    const spki = new Uint8Array(expected.export({ format: 'der', type: 'spki' }));
    const fromKey = await pki.issue({
      caKey: 'govAgencies',
      publicKey: spki,
      subject: { ...subject, organization: 'Bộ Tài chính (DEMO)', title: 'Chuyên viên' },
    });
    expect(chainsTo(fromKey.certificate, fromKey.chain, fromKey.root)).toBe(true);
    expect(fromKey.root).toEqual(pki.roots.government);
  });

  it('revoke puts the certificate on the CRL and makes status revoked', async () => {
    const issued = await pki.issue({ subject });
    pki.revoke('vnpt', issued.serialNumber, 'superseded');
    const s = pki.status('vnpt', issued.serialNumber.toUpperCase());
    expect(s.status).toBe('revoked');
    if (s.status === 'revoked') expect(s.revocation.reason).toBe('superseded');
    const crl = spawnSync('openssl', ['crl', '-inform', 'DER', '-noout', '-text'], {
      input: await pki.crl('vnpt'),
    });
    expect(crl.stdout.toString()).toContain(issued.serialNumber.toUpperCase());
  });

  it('status: unknown for serials the CA never issued', () => {
    expect(pki.status('vnpt', '5401ffff')).toEqual({ status: 'unknown' });
    expect(pki.status('vnpt', pki.identities.citizen.serialNumber)).toEqual({ status: 'good' });
    expect(pki.status('viettel', pki.identities.citizen.serialNumber)).toEqual({ status: 'unknown' });
  });

  it('keyEnciphermentOnly and explicit validity are honoured', async () => {
    const notBefore = new Date('2027-01-01T00:00:00Z');
    const notAfter = new Date('2028-01-01T00:00:00Z');
    const issued = await pki.issue({ subject, keyUsage: 'keyEnciphermentOnly', notBefore, notAfter });
    const text = spawnSync('openssl', ['x509', '-inform', 'DER', '-noout', '-text'], {
      input: issued.certificate,
    });
    expect(text.stdout.toString()).toMatch(/Key Usage: critical\s+Key Encipherment\n/);
    const cert = new X509Certificate(issued.certificate);
    expect(Date.parse(cert.validFrom)).toBe(notBefore.getTime());
    expect(Date.parse(cert.validTo)).toBe(notAfter.getTime());
  });

  it('rejects bad requests with typed errors', async () => {
    const bad = async (p: Promise<unknown>, pattern: RegExp) => {
      const e = await p.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(KysoError);
      expect((e as KysoError).code).toBe('INVALID_REQUEST');
      expect((e as KysoError).message).toMatch(pattern);
    };
    await bad(pki.issue({ caKey: 'nope', subject }), /unknown demo CA/);
    await bad(pki.issue({ caKey: 'nationalRoot', subject }), /does not issue/);
    const notBefore = new Date();
    await bad(
      pki.issue({ subject, notBefore, notAfter: new Date(notBefore.getTime() + 4 * 365 * 86_400_000) }),
      /at most 3 years/,
    );
    await bad(pki.issue({ subject, notBefore, notAfter: notBefore }), /later than/);
    await bad(pki.issue({ subject, csr: new Uint8Array([0x30, 0x03, 1, 2, 3]) }), /certification request/);
    await bad(pki.issue({ subject, publicKey: new Uint8Array([1, 2, 3]) }), /SubjectPublicKeyInfo/);
    await bad(pki.issue({ subject: { ...subject, fullName: '' } }), /fullName/);
    expect(() => pki.revoke('vnpt', '5401ffff')).toThrow(/not issued/);
    expect(() => pki.revoke('vnpt', 'xyz')).toThrow(/invalid serial/);
  });

  it('rejects a CSR whose signature does not verify', async () => {
    const key = join(work, 'tamper.key');
    const csr = join(work, 'tamper.der');
    spawnSync('openssl', [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-subj',
      '/CN=x',
      '-outform',
      'DER',
      '-out',
      csr,
    ]);
    const der = new Uint8Array(readFileSync(csr));
    der[der.length - 5]! ^= 0x01; // inside the signature
    await expect(pki.issue({ subject, csr: der })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
