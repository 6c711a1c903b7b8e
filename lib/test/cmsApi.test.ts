/** signCms / prepareCms input handling and verifyCms on unusual but legal or broken inputs. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSignedData, prepareCms, signCms, verifyCms } from '../src/cms/index.js';
import { ecdsaSignatureToRaw } from '../src/crypto/index.js';
import { bytesToBase64, encodePem } from '../src/encoding/index.js';
import { KysoError } from '../src/protocol/index.js';
import { createTestPki, openssl, opensslSigner, type TestPki } from './cmsOpensslPki.js';

let pki: TestPki;
const content = new TextEncoder().encode('Hợp đồng số 01/2026');

beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki?.cleanup());

const trust = () => ({ trustAnchors: [pki.rootPem], intermediates: [pki.intermediatePem] });

describe('prepareCms (two-step browser flow)', () => {
  it('gives the digest to sign, then assembles a valid CMS from the token signature', async () => {
    const id = pki.identity('ec256');
    const prepared = await prepareCms({
      content,
      detached: true,
      certificate: id.certDer,
      chain: [pki.intermediateDer],
      signingTime: new Date('2026-11-27T08:30:15.789Z'),
    });
    expect(prepared.algorithm).toEqual({ hash: 'SHA-256', scheme: 'ECDSA' });
    expect(prepared.toBeSignedDigest).toHaveLength(32);
    expect(new Uint8Array(await crypto.subtle.digest('SHA-256', prepared.signedAttributes.slice()))).toEqual(
      prepared.toBeSignedDigest,
    );
    // The token returns raw r‖s over the digest.
    const raw = await opensslSigner(id.keyPath, 'raw')(prepared.toBeSignedDigest, prepared.algorithm);
    expect(raw).toHaveLength(64);
    const cms = await prepared.finish(raw);
    const v = await verifyCms(cms, { ...trust(), content });
    expect(v.valid).toBe(true);
    expect(v.signers[0]!.signingTime?.toISOString()).toBe('2026-11-27T08:30:15.000Z');
  });

  it('refuses a signature from another key or of the wrong size', async () => {
    const id = pki.identity('ec256');
    const prepared = await prepareCms({ content, detached: false, certificate: id.certPem });
    const other = pki.identity('authEc');
    const wrong = await opensslSigner(other.keyPath, 'raw')(prepared.toBeSignedDigest, prepared.algorithm);
    await expect(prepared.finish(wrong)).rejects.toThrow(/does not verify/);
    await expect(prepared.finish(new Uint8Array(10))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    const rsa = await prepareCms({ content, detached: false, certificate: pki.identity('rsa').certPem });
    await expect(rsa.finish(new Uint8Array(255))).rejects.toThrow(/256 bytes/);
  });
});

describe('signCms input', () => {
  it('rejects missing or inconsistent input with INVALID_REQUEST', async () => {
    const id = pki.identity('rsa');
    const signer = opensslSigner(id.keyPath);
    const base = { certificate: id.certPem, signer };
    const bad = [
      { ...base, detached: false },
      { ...base, detached: false, digest: new Uint8Array(32) },
      { ...base, detached: true },
      { ...base, detached: true, digest: new Uint8Array(31) },
      { ...base, detached: true, content, digest: new Uint8Array(32) },
      { ...base, detached: true, content, scheme: 'ECDSA' as const },
      { ...base, detached: true, content, hashAlgorithm: 'SHA-1' as never },
      { ...base, detached: true, content, certificate: 'not a certificate' },
      { ...base, detached: true, content, signingTime: new Date(Number.NaN) },
      { ...base, detached: true, content, chain: [new Uint8Array([0x30, 0x00])] },
      { detached: true, content, certificate: id.certPem } as never,
    ];
    for (const options of bad) {
      const error = await signCms(options).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(Object.keys(options))).toBeInstanceOf(KysoError);
      expect((error as KysoError).code).toBe('INVALID_REQUEST');
    }
  });

  it('accepts a digest together with matching content, and DER/PEM/base64 certificates', async () => {
    const id = pki.identity('ec384');
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', content));
    for (const certificate of [id.certDer, id.certPem, bytesToBase64(id.certDer)]) {
      const cms = await signCms({
        content,
        digest,
        detached: true,
        certificate,
        chain: [pki.intermediatePem],
        hashAlgorithm: 'SHA-384',
        signer: opensslSigner(id.keyPath, 'raw', 48),
      });
      expect((await verifyCms(cms, { ...trust(), content })).valid).toBe(true);
    }
  });

  it('writes DER: definite lengths, sorted SETs, signingTime as UTCTime', async () => {
    const id = pki.identity('rsa');
    const cms = await signCms({
      content,
      detached: false,
      certificate: id.certPem,
      chain: [pki.intermediatePem, pki.intermediatePem],
      signer: opensslSigner(id.keyPath),
      signingTime: new Date('2030-01-02T03:04:05Z'),
    });
    const parsed = parseSignedData(cms);
    expect(parsed.certificates).toHaveLength(2); // duplicates dropped
    const file = join(pki.dir, 'der-check.p7s');
    writeFileSync(file, cms);
    // Re-encoding by OpenSSL gives back the same bytes only for DER input.
    const out = join(pki.dir, 'der-check.out');
    openssl(['cms', '-cmsout', '-inform', 'DER', '-in', file, '-outform', 'DER', '-out', out]);
    expect(new Uint8Array(readFileSync(out))).toEqual(cms);
    expect(Buffer.from(cms).includes(Buffer.from('300102030405Z'))).toBe(true);
  });
});

describe('verifyCms on other shapes', () => {
  it('reads BER indefinite-length output (openssl -stream)', async () => {
    const id = pki.identity('ec256');
    const inFile = join(pki.dir, 'stream.txt');
    writeFileSync(inFile, content);
    const out = join(pki.dir, 'stream.p7s');
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-stream',
      '-nodetach',
      '-outform',
      'DER',
      '-in',
      inFile,
      '-signer',
      id.certPath,
      '-inkey',
      id.keyPath,
      '-certfile',
      join(pki.dir, 'ica.pem'),
      '-out',
      out,
    ]);
    const ber = new Uint8Array(readFileSync(out));
    expect(ber[1]).toBe(0x80); // indefinite length
    const v = await verifyCms(ber, trust());
    expect(v.valid).toBe(true);
    expect(v.content).toEqual(content);
  });

  it('verifies signatures without signed attributes (openssl -noattr) and warns', async () => {
    const id = pki.identity('rsa');
    const inFile = join(pki.dir, 'noattr.txt');
    writeFileSync(inFile, content);
    const out = join(pki.dir, 'noattr.p7s');
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-noattr',
      '-nodetach',
      '-outform',
      'DER',
      '-in',
      inFile,
      '-signer',
      id.certPath,
      '-inkey',
      id.keyPath,
      '-certfile',
      join(pki.dir, 'ica.pem'),
      '-out',
      out,
    ]);
    const cms = new Uint8Array(readFileSync(out));
    const v = await verifyCms(cms, trust());
    expect(v.valid).toBe(true);
    expect(v.warnings.map((w) => w.code)).toContain('CMS_NO_SIGNED_ATTRIBUTES');
    const tampered = cms.slice();
    const at = Buffer.from(cms).indexOf(Buffer.from(content));
    tampered[at]! ^= 1;
    const t = await verifyCms(tampered, trust());
    expect(t.signers[0]).toMatchObject({ integrity: false, signatureValid: false });
  });

  it('accepts PEM input, reports missing content, missing signer certificate and malformed input', async () => {
    const id = pki.identity('ec256');
    const detached = await signCms({
      content,
      detached: true,
      certificate: id.certPem,
      signer: opensslSigner(id.keyPath),
    });
    const pem = encodePem('CMS', detached);
    expect((await verifyCms(pem, { ...trust(), content })).valid).toBe(true);
    const noContent = await verifyCms(detached, trust());
    expect(noContent.valid).toBe(false);
    expect(noContent.errors.map((e) => e.code)).toEqual(['CMS_CONTENT_MISSING']);
    expect(noContent.signers[0]!.signatureValid).toBe(true);

    // Strip the certificates: the signer cannot be found unless given as an intermediate.
    const attached = await signCms({
      content,
      detached: false,
      certificate: id.certPem,
      signer: opensslSigner(id.keyPath),
    });
    const nocertsFile = join(pki.dir, 'nocerts.p7s');
    writeFileSync(join(pki.dir, 'attached.p7s'), attached);
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-nocerts',
      '-nodetach',
      '-outform',
      'DER',
      '-in',
      join(pki.dir, 'attached.p7s'),
      '-signer',
      id.certPath,
      '-inkey',
      id.keyPath,
      '-out',
      nocertsFile,
    ]);
    const nocerts = new Uint8Array(readFileSync(nocertsFile));
    const missing = await verifyCms(nocerts, trust());
    expect(missing.errors.map((e) => e.code)).toContain('CMS_SIGNER_CERTIFICATE_MISSING');
    expect(missing.signers[0]).toMatchObject({
      subject: '',
      signatureValid: false,
      revocation: 'notChecked',
    });
    const found = await verifyCms(nocerts, { ...trust(), intermediates: [pki.intermediatePem, id.certPem] });
    expect(found.valid).toBe(true);

    for (const junk of [
      new Uint8Array(0),
      new Uint8Array([0x30, 0x03, 0x06, 0x01, 0x00]),
      'garbage',
      attached.subarray(0, 100),
    ]) {
      const r = await verifyCms(junk, trust());
      expect(r).toMatchObject({ valid: false, signers: [] });
      expect(r.errors[0]!.code).toBe('CMS_MALFORMED');
      expect(r.errors[0]!.message.vi).toMatch(/không đúng định dạng/);
    }
    await expect(verifyCms(attached, { trustAnchors: [] })).rejects.toThrow(KysoError);
  });

  it('reports a revoked signer with the revocation status', async () => {
    const id = pki.identity('ec384');
    const cms = await signCms({
      content,
      detached: false,
      certificate: id.certPem,
      chain: [pki.intermediatePem],
      signer: async (d, a) => ecdsaSignatureToRaw(await opensslSigner(id.keyPath, 'der', 48)(d, a), 48),
    });
    const crl = pki.revoke('ec384');
    const v = await verifyCms(cms, { ...trust(), revocation: { crls: [crl] } });
    expect(v.valid).toBe(false);
    expect(v.signers[0]!.revocation).toBe('revoked');
    expect(v.errors.map((e) => e.code)).toContain('REVOKED');
    expect(v.signers[0]).toMatchObject({
      integrity: true,
      signatureValid: true,
      signingCertificateV2Match: true,
    });
  });
});

describe('verifyCms configuration errors', () => {
  it('refuses unreadable trust anchors with INVALID_REQUEST', async () => {
    const id = pki.identity('ec256');
    const cms = await signCms({
      content,
      detached: false,
      certificate: id.certPem,
      signer: opensslSigner(id.keyPath),
    });
    await expect(
      verifyCms(cms, { trustAnchors: [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])] }),
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(verifyCms(cms, { ...trust(), content: 'text' as never })).rejects.toThrow(KysoError);
    await expect(verifyCms(cms, { ...trust(), time: new Date(Number.NaN) })).rejects.toThrow(KysoError);
  });

  it('leaves unreadable embedded certificates out of path building', async () => {
    const id = pki.identity('ec256');
    // Corrupt the intermediate's validity (a SET instead of a SEQUENCE): it can no longer be read.
    const ica = pki.intermediateDer.slice();
    const validityAt = Buffer.from(ica).indexOf(Buffer.from([0x30, 0x1e, 0x17, 0x0d]));
    expect(validityAt).toBeGreaterThan(0);
    ica[validityAt] = 0x31;
    const cms = await signCms({
      content,
      detached: false,
      certificate: id.certPem,
      chain: [ica],
      signer: opensslSigner(id.keyPath),
    });
    const v = await verifyCms(cms, { trustAnchors: [pki.rootPem] });
    expect(v.valid).toBe(false);
    expect(v.signers[0]).toMatchObject({ integrity: true, signatureValid: true });
    expect(v.errors.map((e) => e.code)).toContain('NO_PATH');
  });
});
