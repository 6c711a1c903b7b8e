import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeCertificateKey } from '../src/pkcs11/tokenInventory.js';

function selfSigned(newkey: string[]): Buffer {
  const pem = execFileSync('sh', [
    '-c',
    'openssl req -x509 "$@" -nodes -keyout /dev/null -days 1 -subj /CN=k 2>/dev/null',
    'sh',
    ...newkey,
  ]);
  return Buffer.from(pem.toString().replace(/-----[^-]+-----|\s/g, ''), 'base64');
}

describe('describeCertificateKey', () => {
  it('reports RSA size and the NIST curves by name and size', () => {
    expect(describeCertificateKey(selfSigned(['-newkey', 'rsa:3072']))).toEqual({
      keyType: 'RSA',
      keySize: 3072,
    });
    expect(
      describeCertificateKey(selfSigned(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'])),
    ).toEqual({ keyType: 'EC', curve: 'P-384', keySize: 384 });
  });

  it('keeps the OpenSSL name of other curves, without guessing a size', () => {
    expect(
      describeCertificateKey(selfSigned(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1'])),
    ).toEqual({ keyType: 'EC', curve: 'secp256k1' });
  });

  it('leaves out key types it cannot sign with', () => {
    expect(describeCertificateKey(selfSigned(['-newkey', 'ed25519']))).toBeUndefined();
  });
});
