/**
 * Interop with OpenSSL 3: OpenSSL accepts Kyso's CAdES-B-B, Kyso verifies OpenSSL's CMS, and tampering
 * is caught by both.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CmsVerification, parseSignedData, signCms, verifyCms } from '../src/cms/index.js';
import type { HashAlgorithm, SignatureScheme } from '../src/protocol/index.js';
import { createTestPki, type LeafName, openssl, opensslSigner, type TestPki } from './cmsOpensslPki.js';

let pki: TestPki;
let seq = 0;
const content = new TextEncoder().encode('Tờ khai thuế tháng 11/2026 — Kyso interop\n');

beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki?.cleanup());

const MD = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

function file(name: string, data: Uint8Array | string): string {
  const path = join(pki.dir, `${seq++}-${name}`);
  writeFileSync(path, data);
  return path;
}

/** `openssl cms -verify`; returns the recovered content or throws with OpenSSL's message. */
function opensslVerify(cms: Uint8Array, detachedContent?: Uint8Array, cades = true): Buffer {
  const args = [
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    file('sig.p7s', cms),
    '-CAfile',
    pki.rootPath,
  ];
  args.push('-purpose', 'any');
  if (cades) args.push('-cades');
  if (detachedContent) args.push('-content', file('content.bin', detachedContent));
  return openssl(args);
}

function opensslSign(
  leaf: LeafName,
  hash: HashAlgorithm,
  opts: { pss?: boolean; detached: boolean; cades?: boolean },
): Uint8Array {
  const id = pki.identity(leaf);
  const out = join(pki.dir, `${seq++}-openssl.p7s`);
  const args = [
    'cms',
    '-sign',
    '-binary',
    '-outform',
    'DER',
    '-in',
    file('doc.bin', content),
    '-signer',
    id.certPath,
  ];
  args.push(
    '-inkey',
    id.keyPath,
    '-certfile',
    file('ica.pem', pki.intermediatePem),
    '-md',
    MD[hash],
    '-out',
    out,
  );
  if (!opts.detached) args.push('-nodetach');
  if (opts.pss) args.push('-keyopt', 'rsa_padding_mode:pss');
  if (opts.cades) args.push('-cades');
  openssl(args);
  return new Uint8Array(readFileSync(out));
}

const verifyOptions = () => ({ trustAnchors: [pki.rootPem], intermediates: [pki.intermediatePem] });

function codes(v: CmsVerification): string[] {
  return v.errors.map((e) => e.code);
}

const FIELD = { ec256: 32, ec384: 48 } as Record<string, number>;

describe('Kyso signs, OpenSSL verifies', () => {
  const cases: [LeafName, SignatureScheme, HashAlgorithm][] = [
    ['rsa', 'RSASSA-PKCS1-v1_5', 'SHA-256'],
    ['rsa', 'RSASSA-PKCS1-v1_5', 'SHA-512'],
    ['rsa', 'RSA-PSS', 'SHA-256'],
    ['rsa', 'RSA-PSS', 'SHA-384'],
    ['ec256', 'ECDSA', 'SHA-256'],
    ['ec256', 'ECDSA', 'SHA-384'],
    ['ec384', 'ECDSA', 'SHA-384'],
    ['ec384', 'ECDSA', 'SHA-512'],
  ];
  for (const [leaf, scheme, hash] of cases) {
    for (const detached of [false, true]) {
      it(`${leaf} ${scheme} ${hash} ${detached ? 'detached' : 'attached'}`, async () => {
        const id = pki.identity(leaf);
        const signer = opensslSigner(id.keyPath, detached ? 'der' : 'raw', FIELD[leaf] ?? 32);
        const cms = await signCms({
          content,
          detached,
          certificate: id.certPem,
          chain: [pki.intermediatePem],
          signer,
          scheme,
          hashAlgorithm: hash,
        });
        const recovered = opensslVerify(cms, detached ? content : undefined);
        expect(new Uint8Array(recovered)).toEqual(content);
        const v = await verifyCms(cms, { ...verifyOptions(), ...(detached ? { content } : {}) });
        expect(v.errors).toEqual([]);
        expect(v.valid).toBe(true);
        const s = v.signers[0]!;
        expect(s).toMatchObject({
          integrity: true,
          signatureValid: true,
          signingCertificateV2Match: true,
          scheme,
          hashAlgorithm: hash,
        });
        expect(s.identifiers.some((x) => x.type === 'CCCD' && x.value === '001099012345')).toBe(true);
        expect(s.subject).toContain('Nguyễn Văn');
      });
    }
  }

  it('signs a digest without the document (detached), as the browser flow does', async () => {
    const id = pki.identity('ec256');
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', content));
    const cms = await signCms({
      digest,
      detached: true,
      certificate: id.certDer,
      chain: [pki.intermediateDer],
      signer: opensslSigner(id.keyPath),
    });
    expect(new Uint8Array(opensslVerify(cms, content))).toEqual(content);
  });
});

describe('OpenSSL signs, Kyso verifies', () => {
  const cases: [LeafName, HashAlgorithm, boolean][] = [
    ['rsa', 'SHA-256', false],
    ['rsa', 'SHA-384', false],
    ['rsa', 'SHA-512', false],
    ['rsa', 'SHA-256', true],
    ['rsa', 'SHA-512', true],
    ['ec256', 'SHA-256', false],
    ['ec256', 'SHA-512', false],
    ['ec384', 'SHA-384', false],
    ['ec384', 'SHA-256', false],
  ];
  for (const [leaf, hash, pss] of cases) {
    for (const detached of [false, true]) {
      it(`${leaf}${pss ? ' PSS' : ''} ${hash} ${detached ? 'detached' : 'attached'}`, async () => {
        const cms = opensslSign(leaf, hash, { pss, detached });
        const v = await verifyCms(cms, { ...verifyOptions(), ...(detached ? { content } : {}) });
        expect(v.errors).toEqual([]);
        expect(v.valid).toBe(true);
        expect(v.signers[0]).toMatchObject({
          integrity: true,
          signatureValid: true,
          hashAlgorithm: hash,
          scheme: pss ? 'RSA-PSS' : leaf === 'rsa' ? 'RSASSA-PKCS1-v1_5' : 'ECDSA',
        });
        if (!detached) expect(v.content).toEqual(content);
        // Plain OpenSSL output is CMS, not CAdES: no signingCertificateV2.
        expect(v.signers[0]!.signingCertificateV2Match).toBe(false);
        expect(v.warnings.map((w) => w.code)).toContain('CMS_SIGNING_CERTIFICATE_ABSENT');
      });
    }
  }

  it('checks the signingCertificateV2 OpenSSL writes with -cades', async () => {
    const cms = opensslSign('ec256', 'SHA-384', { detached: false, cades: true });
    const v = await verifyCms(cms, verifyOptions());
    expect(v.valid).toBe(true);
    expect(v.signers[0]!.signingCertificateV2Match).toBe(true);
    expect(v.warnings.filter((w) => w.code.startsWith('CMS_'))).toEqual([]);
  });
});

function flipLastOccurrence(haystack: Uint8Array, needle: Uint8Array, offsetInNeedle: number): Uint8Array {
  const out = haystack.slice();
  outer: for (let i = haystack.length - needle.length; i >= 0; i--) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    out[i + offsetInNeedle]! ^= 0x01;
    return out;
  }
  throw new Error('needle not found');
}

describe('tampering is detected by both', () => {
  it('changed content', async () => {
    const id = pki.identity('rsa');
    const chain = [pki.intermediatePem];
    const cms = await signCms({
      content,
      detached: false,
      certificate: id.certPem,
      chain,
      signer: opensslSigner(id.keyPath),
    });
    const tampered = flipLastOccurrence(cms, content, 3);
    expect(() => opensslVerify(tampered)).toThrow(/digest failure|verification failure/i);
    const v = await verifyCms(tampered, verifyOptions());
    expect(v.valid).toBe(false);
    expect(v.signers[0]!.integrity).toBe(false);
    expect(v.signers[0]!.signatureValid).toBe(true);
    expect(codes(v)).toEqual(['CMS_DIGEST_MISMATCH']);

    const other = new TextEncoder().encode('another document');
    const detached = await signCms({
      content,
      detached: true,
      certificate: id.certPem,
      chain,
      signer: opensslSigner(id.keyPath),
    });
    expect(() => opensslVerify(detached, other)).toThrow();
    expect(codes(await verifyCms(detached, { ...verifyOptions(), content: other }))).toEqual([
      'CMS_DIGEST_MISMATCH',
    ]);
  });

  it('changed signature', async () => {
    const id = pki.identity('ec256');
    const cms = opensslSign('ec256', 'SHA-256', { detached: false });
    // The signature is the last OCTET STRING: flip a byte near the end.
    const tampered = cms.slice();
    tampered[tampered.length - 5]! ^= 0x40;
    expect(() => opensslVerify(tampered, undefined, false)).toThrow();
    const v = await verifyCms(tampered, verifyOptions());
    expect(v.valid).toBe(false);
    expect(v.signers[0]).toMatchObject({ integrity: true, signatureValid: false });
    expect(codes(v)).toContain('CMS_SIGNATURE_INVALID');
    expect(id.name).toBe('ec256');
  });

  it('changed certificate', async () => {
    const id = pki.identity('ec384');
    const cms = await signCms({
      content,
      detached: false,
      certificate: id.certDer,
      chain: [pki.intermediateDer],
      signer: opensslSigner(id.keyPath, 'raw', 48),
    });
    // Flip a bit in the embedded signer certificate's subject (its CN text).
    const cn = new TextEncoder().encode('Văn ec384');
    const tampered = flipLastOccurrence(cms, cn, cn.length - 1);
    expect(() => opensslVerify(tampered)).toThrow();
    const v = await verifyCms(tampered, verifyOptions());
    expect(v.valid).toBe(false);
    expect(v.signers[0]!.signingCertificateV2Match).toBe(false);
    expect(codes(v)).toEqual(
      expect.arrayContaining(['CMS_SIGNING_CERTIFICATE_MISMATCH', 'SIGNATURE_INVALID']),
    );
  });

  it('untrusted root and expired signer', async () => {
    const cms = opensslSign('rsa', 'SHA-256', { detached: false });
    const untrusted = await verifyCms(cms, { trustAnchors: [pki.identity('authEc').certPem] });
    expect(untrusted.valid).toBe(false);
    expect(untrusted.signers[0]).toMatchObject({ integrity: true, signatureValid: true });
    expect(codes(untrusted)).toContain('NO_PATH');

    const id = pki.identity('expired');
    const old = await signCms({
      content,
      detached: false,
      certificate: id.certPem,
      signer: opensslSigner(id.keyPath),
      signingTime: new Date('2020-06-01T00:00:00Z'),
    });
    const now = await verifyCms(old, verifyOptions());
    expect(codes(now)).toContain('EXPIRED');
    expect(now.warnings.map((w) => w.code)).not.toContain('CMS_SIGNING_TIME_OUTSIDE_VALIDITY');
    // The claimed signing time is trusted only on request.
    const atSigning = await verifyCms(old, { ...verifyOptions(), trustSigningTime: true });
    expect(atSigning.signers[0]!.validationTime.toISOString()).toBe('2020-06-01T00:00:00.000Z');
    expect(atSigning.errors).toEqual([]);
    expect(atSigning.valid).toBe(true);
  });
});

describe('other SignerInfo shapes from OpenSSL', () => {
  it('two signers, and a signer identified by subjectKeyIdentifier (-keyid)', async () => {
    const a = pki.identity('rsa');
    const b = pki.identity('ec384');
    const out = join(pki.dir, `${seq++}-two.p7s`);
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-nodetach',
      '-outform',
      'DER',
      '-in',
      file('doc.bin', content),
      '-md',
      'sha256',
      '-signer',
      a.certPath,
      '-inkey',
      a.keyPath,
      '-signer',
      b.certPath,
      '-inkey',
      b.keyPath,
      '-keyid',
      '-certfile',
      file('ica.pem', pki.intermediatePem),
      '-out',
      out,
    ]);
    const cms = new Uint8Array(readFileSync(out));
    const v = await verifyCms(cms, verifyOptions());
    expect(v.errors).toEqual([]);
    expect(v.signers).toHaveLength(2);
    expect(v.signers.map((s) => s.scheme).sort()).toEqual(['ECDSA', 'RSASSA-PKCS1-v1_5']); // DER sorts the SET
    expect(v.signers.every((s) => s.valid && s.subject.includes('Nguyễn Văn'))).toBe(true);
    expect(parseSignedData(cms).signerInfos.map((s) => s.sid.kind)).toEqual([
      'subjectKeyIdentifier',
      'subjectKeyIdentifier',
    ]);

    // One tampered signer makes the whole result invalid, and says which one.
    const tampered = cms.slice();
    tampered[tampered.length - 3]! ^= 0x10;
    const t = await verifyCms(tampered, verifyOptions());
    expect(t.valid).toBe(false);
    expect(t.signers.map((s) => s.valid)).toEqual([true, false]);
    expect(t.errors.map((e) => [e.code, e.signer])).toEqual([['CMS_SIGNATURE_INVALID', 1]]);
  });
});
