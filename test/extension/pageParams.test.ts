import { describe, expect, it } from 'vitest';
import {
  validateAuthenticate,
  validateParams,
  validateSign,
  validateSignBatch,
} from '../../extension/src/background/pageParams.js';

const d32 = Buffer.alloc(32, 7).toString('base64');
const d48 = Buffer.alloc(48, 7).toString('base64');
const cert = Buffer.from('30820122', 'hex').toString('base64');

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('page params validation', () => {
  it('accepts a well-formed sign request and keeps only known fields', () => {
    const p = validateSign({
      certificate: cert,
      digest: d32,
      hashAlgorithm: 'SHA-256',
      description: 'Tờ khai',
      pin: '1234',
      origin: 'https://evil.example',
    });
    expect(p).toEqual({ certificate: cert, digest: d32, hashAlgorithm: 'SHA-256', description: 'Tờ khai' });
  });

  it.each([
    [
      'digest of the wrong length',
      { certificate: cert, digest: d48, hashAlgorithm: 'SHA-256', description: 'x' },
    ],
    [
      'non-base64 digest',
      { certificate: cert, digest: '!'.repeat(44), hashAlgorithm: 'SHA-256', description: 'x' },
    ],
    ['unknown hash', { certificate: cert, digest: d32, hashAlgorithm: 'MD5', description: 'x' }],
    [
      'unknown scheme',
      { certificate: cert, digest: d32, hashAlgorithm: 'SHA-256', scheme: 'RAW', description: 'x' },
    ],
    ['empty description', { certificate: cert, digest: d32, hashAlgorithm: 'SHA-256', description: '  ' }],
    ['missing certificate', { digest: d32, hashAlgorithm: 'SHA-256', description: 'x' }],
    ['not an object', 'sign me'],
  ])('refuses %s with INVALID_REQUEST', (_name, params) => {
    expect(code(() => validateSign(params))).toBe('INVALID_REQUEST');
  });

  it('checks every batch item and the batch size', () => {
    const ok = validateSignBatch({
      certificate: cert,
      hashAlgorithm: 'SHA-384',
      items: [
        { digest: d48, description: 'a' },
        { digest: d48, description: 'b' },
      ],
    });
    expect(ok.items).toHaveLength(2);
    expect(
      code(() =>
        validateSignBatch({
          certificate: cert,
          hashAlgorithm: 'SHA-384',
          items: [
            { digest: d48, description: 'a' },
            { digest: d32, description: 'b' },
          ],
        }),
      ),
    ).toBe('INVALID_REQUEST');
    expect(code(() => validateSignBatch({ certificate: cert, hashAlgorithm: 'SHA-256', items: [] }))).toBe(
      'INVALID_REQUEST',
    );
    const tooMany = Array.from({ length: 1001 }, () => ({ digest: d32, description: 'x' }));
    expect(
      code(() => validateSignBatch({ certificate: cert, hashAlgorithm: 'SHA-256', items: tooMany })),
    ).toBe('INVALID_REQUEST');
  });

  it('requires a nonce of at least 32 bytes and ignores a page-supplied origin', () => {
    const nonce = Buffer.alloc(32, 1).toString('base64');
    expect(validateAuthenticate({ nonce, origin: 'https://bank.example' })).toEqual({ nonce });
    expect(code(() => validateAuthenticate({ nonce: Buffer.alloc(16).toString('base64') }))).toBe(
      'INVALID_REQUEST',
    );
    expect(code(() => validateAuthenticate({}))).toBe('INVALID_REQUEST');
  });

  it('status and certificates take no params', () => {
    expect(validateParams('status', { anything: 1 })).toBeUndefined();
    expect(validateParams('certificates', undefined)).toBeUndefined();
  });
});
