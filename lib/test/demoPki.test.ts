import { spawnSync } from 'node:child_process';
import { createPrivateKey, sign, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoIdentity,
  type DemoIdentityName,
  type DemoPki,
  generateDemoPki,
  isValidMst,
} from '../src/demo-pki/index.js';
import { encodePem } from '../src/encoding/index.js';

let pki: DemoPki;
let work: string;

beforeAll(async () => {
  pki = await generateDemoPki();
  work = mkdtempSync(join(tmpdir(), 'kyso-demo-pki-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pemFile(name: string, ders: Uint8Array[]): string {
  const path = join(work, name);
  writeFileSync(path, ders.map((d) => encodePem('CERTIFICATE', d)).join(''));
  return path;
}

function openssl(args: string[], input?: Uint8Array): { status: number; out: string } {
  const r = spawnSync('openssl', args, { input, encoding: 'buffer' });
  return { status: r.status ?? -1, out: `${r.stdout.toString('utf8')}${r.stderr.toString('utf8')}` };
}

function opensslVerify(id: DemoIdentity): { status: number; out: string } {
  const root = pemFile(`${id.name}-root.pem`, [id.root]);
  const chain = pemFile(`${id.name}-chain.pem`, id.chain);
  const leaf = pemFile(`${id.name}-leaf.pem`, [id.certificate]);
  return openssl(['verify', '-CAfile', root, '-untrusted', chain, leaf]);
}

const ALL: DemoIdentityName[] = [
  'citizen',
  'citizenCmnd',
  'citizenEc',
  'business',
  'employee',
  'budgetUnit',
  'civilServant',
  'expired',
  'notYetValid',
  'revoked',
  'suspended',
  'wrongKeyUsage',
  'ocspSignerVnpt',
];

describe('demo PKI hierarchy', () => {
  it('has every identity', () => {
    expect(Object.keys(pki.identities).sort()).toEqual([...ALL].sort());
  });

  it('chains every identity to its root (node:crypto as the oracle)', () => {
    for (const id of Object.values(pki.identities)) {
      const certs = [id.certificate, ...id.chain, id.root].map((d) => new X509Certificate(d));
      for (let i = 0; i + 1 < certs.length; i++) {
        expect(certs[i]!.checkIssued(certs[i + 1]!), `${id.name} level ${i}`).toBe(true);
        expect(certs[i]!.verify(certs[i + 1]!.publicKey), `${id.name} signature ${i}`).toBe(true);
      }
      const root = certs.at(-1)!;
      expect(root.verify(root.publicKey)).toBe(true);
      expect(root.ca).toBe(true);
      expect(certs[0]!.ca).toBe(false);
    }
  });

  it('roots are the national and government roots; CAs have the DEMO names', () => {
    const national = new X509Certificate(pki.roots.national);
    const government = new X509Certificate(pki.roots.government);
    expect(national.subject).toContain('CN=DEMO Vietnam National Root CA');
    expect(government.subject).toContain('CN=DEMO RootCA chuyên dùng Chính phủ G2');
    expect(government.subject).toContain('O=Ban Cơ yếu Chính phủ (DEMO)');
    expect(new X509Certificate(pki.cas.govAgencies!.certificate).subject).toContain(
      'CN=DEMO CA phục vụ các cơ quan Nhà nước G2',
    );
    for (const key of ['vnpt', 'viettel', 'fpt']) {
      const ca = new X509Certificate(pki.cas[key]!.certificate);
      expect(ca.subject).toMatch(/CN=DEMO /);
      expect(ca.checkIssued(national)).toBe(true);
    }
    expect(pki.identities.civilServant.root).toEqual(pki.roots.government);
    expect(pki.identities.citizen.root).toEqual(pki.roots.national);
  });

  it('openssl verify accepts the valid identities and rejects expired / not yet valid', () => {
    for (const name of [
      'citizen',
      'citizenEc',
      'business',
      'employee',
      'budgetUnit',
      'civilServant',
    ] as const) {
      const r = opensslVerify(pki.identities[name]);
      expect(r.out, name).toMatch(/: OK/);
      expect(r.status).toBe(0);
    }
    const expired = opensslVerify(pki.identities.expired);
    expect(expired.status).not.toBe(0);
    expect(expired.out).toMatch(/certificate has expired/);
    const future = opensslVerify(pki.identities.notYetValid);
    expect(future.status).not.toBe(0);
    expect(future.out).toMatch(/certificate is not yet valid/);
  });

  it('private keys match the certificates; key types as declared', () => {
    const data = new TextEncoder().encode('Kyso demo');
    for (const id of Object.values(pki.identities)) {
      const key = createPrivateKey({ key: Buffer.from(id.privateKey), format: 'der', type: 'pkcs8' });
      const cert = new X509Certificate(id.certificate);
      const sig = sign('sha256', data, key);
      expect(verify('sha256', data, cert.publicKey, sig), id.name).toBe(true);
      const pub = cert.publicKey;
      if (id.keyType === 'EC') {
        expect(pub.asymmetricKeyType).toBe('ec');
        expect(pub.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
        expect(id.curve).toBe('P-256');
      } else {
        expect(pub.asymmetricKeyType).toBe('rsa');
        expect(pub.asymmetricKeyDetails?.modulusLength).toBe(2048);
        expect(id.keySize).toBe(2048);
      }
    }
    expect(pki.identities.citizenEc.keyType).toBe('EC');
  });

  it('serial numbers start with 0x5401 like Vietnamese public CAs', () => {
    for (const id of Object.values(pki.identities)) {
      expect(new X509Certificate(id.certificate).serialNumber.toLowerCase()).toBe(id.serialNumber);
      expect(id.serialNumber).toMatch(/^5401[0-9a-f]{28}$/);
    }
  });
});

describe('Vietnamese subject profile', () => {
  const subjectOf = (name: DemoIdentityName) => new X509Certificate(pki.identities[name].certificate).subject;

  it('personal certificate: C, ST, L, CN with diacritics, UID=CCCD, phone, e-mail', () => {
    expect(subjectOf('citizen').split('\n')).toEqual([
      'C=VN',
      'ST=Hà Nội',
      'L=Phường Ba Đình',
      'CN=Nguyễn Văn An',
      'UID=CCCD:001090012345',
      'telephoneNumber=0912345678',
      'emailAddress=an.nguyenvan@kyso-demo.example',
    ]);
    expect(new X509Certificate(pki.identities.citizen.certificate).subjectAltName).toBe(
      'email:an.nguyenvan@kyso-demo.example',
    );
  });

  it('CMND, organization, person in organization, budget unit, civil servant', () => {
    expect(subjectOf('citizenCmnd')).toMatch(/\nUID=CMND:\d{9}(\n|$)/);
    const business = subjectOf('business');
    expect(business).toMatch(/\nCN=CÔNG TY TNHH PHẦN MỀM KYSO DEMO\n/);
    expect(business).toMatch(/\nUID=MST:\d{10}(\n|$)/);
    const employee = subjectOf('employee').split('\n');
    expect(employee.filter((l) => l.startsWith('UID='))).toEqual([
      'UID=MST:0401267547-001',
      'UID=CCCD:048192004567',
    ]);
    expect(employee).toContain('title=Kế toán trưởng');
    expect(employee.some((l) => l.startsWith('O='))).toBe(true);
    const budget = subjectOf('budgetUnit').split('\n');
    expect(budget.filter((l) => l.startsWith('UID=')).map((l) => l.slice(4, 8))).toEqual(['MST:', 'MNS:']);
    const civil = subjectOf('civilServant').split('\n');
    expect(civil).toContain('O=Bộ Tài chính (DEMO)');
    expect(civil).toContain('OU=Cục Thuế');
    expect(civil).toContain('title=Chuyên viên');
  });

  it('tax codes in certificates have valid check digits', () => {
    let seen = 0;
    for (const id of Object.values(pki.identities)) {
      for (const m of new X509Certificate(id.certificate).subject.matchAll(/UID=MST:([\d-]+)/g)) {
        expect(isValidMst(m[1]!), `${id.name} ${m[1]}`).toBe(true);
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(3);
  });

  it('UID values are UTF8String and names carry UTF-8 diacritics', () => {
    const r = openssl(['asn1parse', '-inform', 'DER'], pki.identities.employee.certificate);
    expect(r.out).toMatch(/UTF8STRING\s+:MST:0401267547-001/);
    expect(r.out).toMatch(/UTF8STRING\s+:CCCD:048192004567/);
    expect(r.out).toMatch(/UTF8STRING\s+:Phạm Thị Dung/);
    expect(r.out).toMatch(/PRINTABLESTRING\s+:VN/);
  });
});

describe('extensions', () => {
  const text = (der: Uint8Array) => openssl(['x509', '-inform', 'DER', '-noout', '-text'], der).out;

  it('subscriber: critical KU, EKU with MS Document Signing, demo policy, AIA and CRL DP on the demo server', () => {
    const t = text(pki.identities.citizen.certificate);
    expect(t).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(t).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation, Key Encipherment/);
    expect(t).toMatch(
      /Extended Key Usage:\s+TLS Web Client Authentication, E-mail Protection, 1\.3\.6\.1\.4\.1\.311\.10\.3\.12/,
    );
    expect(t).toMatch(/Policy: 2\.16\.704\.1\.9999\.1\.1/);
    expect(t).toContain('OCSP - URI:http://localhost:8090/pki/ocsp/vnpt');
    expect(t).toContain('CA Issuers - URI:http://localhost:8090/pki/crt/vnpt.crt');
    expect(t).toContain('URI:http://localhost:8090/pki/crl/vnpt.crl');
    expect(t).toContain('X509v3 Subject Key Identifier');
    expect(t).toContain('X509v3 Authority Key Identifier');
    expect(pki.cas.vnpt!.crlUrl).toBe('http://localhost:8090/pki/crl/vnpt.crl');
    expect(pki.cas.vnpt!.ocspUrl).toBe('http://localhost:8090/pki/ocsp/vnpt');
    expect(pki.cas.vnpt!.caIssuersUrl).toBe('http://localhost:8090/pki/crt/vnpt.crt');
  });

  it('EC key: no keyEncipherment; government: demo government policy and smartcard logon', () => {
    expect(text(pki.identities.citizenEc.certificate)).toMatch(
      /Key Usage: critical\s+Digital Signature, Non Repudiation\n/,
    );
    const gov = text(pki.identities.civilServant.certificate);
    expect(gov).toMatch(/Policy: 2\.16\.704\.1\.9999\.2\.1\.1\.1\.1/);
    expect(gov).toContain('Microsoft Smartcard Login');
    expect(gov).toContain('URI:http://localhost:8090/pki/crl/govAgencies.crl');
    expect(text(pki.identities.employee.certificate)).toMatch(/Policy: 2\.16\.704\.1\.9999\.1\.3/);
    expect(text(pki.identities.business.certificate)).toMatch(/Policy: 2\.16\.704\.1\.9999\.1\.2/);
  });

  it('wrongKeyUsage allows keyEncipherment only', () => {
    const t = text(pki.identities.wrongKeyUsage.certificate);
    expect(t).toMatch(/Key Usage: critical\s+Key Encipherment\n/);
    expect(t).not.toContain('Digital Signature');
  });

  it('validity: ≤ 3 years for subscribers, expired in the past, notYetValid in the future', () => {
    const now = Date.now();
    for (const id of Object.values(pki.identities)) {
      const c = new X509Certificate(id.certificate);
      const from = Date.parse(c.validFrom);
      const to = Date.parse(c.validTo);
      expect(to - from, id.name).toBeLessThanOrEqual(3 * 366 * 86_400_000);
      if (id.name === 'expired') expect(to).toBeLessThan(now);
      else if (id.name === 'notYetValid') expect(from).toBeGreaterThan(now);
      else expect(from < now && now < to, id.name).toBe(true);
    }
  });

  it('CA certificates: critical basicConstraints with pathLen, keyCertSign + cRLSign', () => {
    const root = text(pki.roots.national);
    expect(root).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:1/);
    expect(root).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    const vnpt = text(pki.cas.vnpt!.certificate);
    expect(vnpt).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(vnpt).toContain('URI:http://localhost:8090/pki/crl/nationalRoot.crl');
    expect(pki.cas.vnpt!.parent).toBe('nationalRoot');
    expect(pki.cas.nationalRoot!.parent).toBeNull();
  });

  it('delegated OCSP responder: OCSPSigning EKU and ocsp-nocheck', () => {
    const t = text(pki.identities.ocspSignerVnpt.certificate);
    expect(t).toContain('OCSP Signing');
    expect(t).toContain('OCSP No Check');
  });

  it('identities carry the demo PINs and token labels', () => {
    for (const id of Object.values(pki.identities)) {
      expect(id.pin).toBe('12345678');
      expect(id.soPin).toBe('87654321');
      expect(id.tokenLabel).toBe(`Kyso Demo ${id.name}`);
      expect(id.tokenLabel.length).toBeLessThanOrEqual(32);
      const ski = openssl(
        ['x509', '-inform', 'DER', '-noout', '-ext', 'subjectKeyIdentifier'],
        id.certificate,
      );
      expect(
        ski.out
          .replace(/[^0-9A-F:]/g, '')
          .replace(/:/g, '')
          .slice(-40)
          .toLowerCase(),
      ).toBe(id.keyId);
      expect(id.keyId).toMatch(/^[0-9a-f]{40}$/);
      expect(id.description.vi.length).toBeGreaterThan(0);
      expect(id.description.en.length).toBeGreaterThan(0);
    }
    expect(pki.identities.citizen.person?.cccd).toBe('001090012345');
    expect(pki.identities.citizenCmnd.person?.cmnd).toMatch(/^\d{9}$/);
  });
});
