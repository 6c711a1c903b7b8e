import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  ERROR_MESSAGES,
  isPageRequest,
  KysoError,
  readRequestId,
  validateHostRequest,
} from '../src/protocol/index.js';

const digest32 = Buffer.alloc(32, 7).toString('base64');

describe('error codes', () => {
  it('has the 21 codes of DESIGN.md, each with Vietnamese and English text that says what to do', () => {
    expect(ERROR_CODES).toHaveLength(21);
    for (const code of ERROR_CODES) {
      for (const lang of ['vi', 'en'] as const) {
        const m = ERROR_MESSAGES[code][lang];
        expect(m.message.length).toBeGreaterThan(5);
        expect(m.action.length).toBeGreaterThan(5);
      }
      expect(ERROR_MESSAGES[code].vi.message).not.toBe(ERROR_MESSAGES[code].en.message);
    }
  });

  it('round-trips a KysoError over the wire and maps unknown codes to INTERNAL', () => {
    const e = new KysoError('PIN_INCORRECT', 'wrong', { pinCountLow: true });
    const back = KysoError.fromWire(JSON.parse(JSON.stringify(e.toWire())));
    expect(back.code).toBe('PIN_INCORRECT');
    expect(back.data).toEqual({ pinCountLow: true });
    expect(KysoError.fromWire({ code: 'NOPE' }).code).toBe('INTERNAL');
    expect(e.userMessage('vi')).toContain('Mã PIN không đúng');
  });
});

describe('host request validation', () => {
  it('accepts a well-formed sign request', () => {
    const r = validateHostRequest({
      v: 1,
      id: 7,
      method: 'sign',
      params: { handle: 'h', hashAlgorithm: 'SHA-256', scheme: 'ECDSA', digests: [digest32], pin: '1234' },
    });
    expect(r.method).toBe('sign');
  });

  it.each([
    ['not an object', 'x'],
    ['wrong version', { v: 2, id: 1, method: 'hello' }],
    ['missing id', { v: 1, method: 'hello' }],
    ['unknown method', { v: 1, id: 1, method: 'format' }],
    ['params not object', { v: 1, id: 1, method: 'hello', params: [1] }],
    [
      'digest of wrong length',
      {
        v: 1,
        id: 1,
        method: 'sign',
        params: { handle: 'h', hashAlgorithm: 'SHA-384', scheme: 'ECDSA', digests: [digest32] },
      },
    ],
    [
      'bad scheme',
      {
        v: 1,
        id: 1,
        method: 'sign',
        params: { handle: 'h', hashAlgorithm: 'SHA-256', scheme: 'DSA', digests: [digest32] },
      },
    ],
    [
      'no digests',
      {
        v: 1,
        id: 1,
        method: 'sign',
        params: { handle: 'h', hashAlgorithm: 'SHA-256', scheme: 'ECDSA', digests: [] },
      },
    ],
    [
      'non-base64 digest',
      {
        v: 1,
        id: 1,
        method: 'sign',
        params: { handle: 'h', hashAlgorithm: 'SHA-256', scheme: 'ECDSA', digests: ['%%%%'] },
      },
    ],
  ])('refuses %s with INVALID_REQUEST', (_name, value) => {
    try {
      validateHostRequest(value);
      expect.unreachable();
    } catch (e) {
      expect((e as KysoError).code).toBe('INVALID_REQUEST');
    }
  });

  it('reads the id of a malformed request when it can', () => {
    expect(readRequestId({ id: 'a' })).toBe('a');
    expect(readRequestId({ id: {} })).toBeNull();
  });
});

describe('page request envelope', () => {
  it('accepts only kyso:1 messages with a known method', () => {
    expect(isPageRequest({ kyso: 1, id: 'a', method: 'status' })).toBe(true);
    expect(isPageRequest({ kyso: 1, id: 'a', method: 'sign', params: { pin: '1' } })).toBe(true);
    expect(isPageRequest({ kyso: 2, id: 'a', method: 'status' })).toBe(false);
    expect(isPageRequest({ kyso: 1, id: '', method: 'status' })).toBe(false);
    expect(isPageRequest({ kyso: 1, id: 'a', method: 'exec' })).toBe(false);
    expect(isPageRequest(null)).toBe(false);
  });
});
