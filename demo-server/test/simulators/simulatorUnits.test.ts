import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { carrierOf, toDomesticPhone, toMsisdn } from '../../src/simulators/index.js';
import { normalizeName, parseVietnameseDate, sameName } from '../../src/simulators/registryMatching.js';
import { decodeBase64, hashAlgorithmOf, signDigest } from '../../src/simulators/signing/digestSignature.js';
import { ApprovalStore } from '../../src/simulators/signing/pushApprovals.js';
import { TestClock } from './simulatorsTestKit.js';

describe('push-approval store', () => {
  it('settles a waiting transaction once, and expires it at the TTL', () => {
    const clock = new TestClock();
    const store = new ApprovalStore<{ n: number }>({ ttlMs: 1000, now: clock.now });
    const a = store.create({ n: 1 });
    expect(store.settle(a, 'rejected')).toBe(true);
    expect(store.settle(a, 'failed')).toBe(false);
    expect(store.get(a.id)?.state).toBe('rejected');
    const b = store.create({ n: 2 });
    clock.advance(999);
    expect(store.waiting(() => true).map((x) => x.id)).toEqual([b.id]);
    clock.advance(1);
    expect(store.waiting(() => true)).toEqual([]);
    expect(store.get(b.id)).toMatchObject({ state: 'expired', settledAt: b.expiresAt });
    expect(store.sign(b, { signatures: [], certificate: new Uint8Array(), chain: [] })).toBe(false);
  });

  it('forgets finished transactions after the retention window, never waiting ones', () => {
    const clock = new TestClock();
    const store = new ApprovalStore<null>({ ttlMs: 10_000, now: clock.now, retainMs: 5000 });
    const done = store.create(null, 'rejected');
    const waiting = store.create(null);
    clock.advance(5000);
    store.create(null);
    expect(store.get(done.id)).toBeDefined();
    clock.advance(1);
    store.create(null);
    expect(store.get(done.id)).toBeUndefined();
    expect(store.get(waiting.id)?.state).toBe('waiting');
  });

  it('keeps at most maxTransactions, dropping the oldest', () => {
    const store = new ApprovalStore<number>({ ttlMs: 1000, now: new TestClock().now, maxTransactions: 3 });
    const ids = [1, 2, 3, 4].map((n) => store.create(n).id);
    expect(store.get(ids[0] ?? '')).toBeUndefined();
    expect(ids.slice(1).every((id) => store.get(id) !== undefined)).toBe(true);
  });
});

describe('digest signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });

  it('names hash algorithms in every accepted spelling, and nothing else', () => {
    for (const name of ['SHA-256', 'sha256', 'SHA256', 'sha_256', '2.16.840.1.101.3.4.2.1'])
      expect(hashAlgorithmOf(name)?.name, name).toBe('SHA-256');
    expect(hashAlgorithmOf('2.16.840.1.101.3.4.2.3')?.length).toBe(64);
    for (const name of ['SHA-1', 'MD5', '', 'SHA-2560']) expect(hashAlgorithmOf(name), name).toBeUndefined();
  });

  it('signs digests so that a hash-and-verify over the data succeeds, for each algorithm', () => {
    for (const [alg, name] of [
      ['sha256', 'SHA-256'],
      ['sha384', 'SHA-384'],
      ['sha512', 'SHA-512'],
    ] as const) {
      const hash = hashAlgorithmOf(name);
      if (!hash) throw new Error(name);
      const data = Buffer.from(`dữ liệu ${alg}`);
      const sig = signDigest(privateKey, hash, createHash(alg).update(data).digest());
      expect(verify(alg, data, publicKey, sig)).toBe(true);
    }
    const sha256 = hashAlgorithmOf('SHA-256');
    if (!sha256) throw new Error('SHA-256');
    expect(() => signDigest(privateKey, sha256, Buffer.alloc(31))).toThrow(RangeError);
  });

  it('decodes strict base64 in both alphabets', () => {
    expect(decodeBase64('+/8=')).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decodeBase64('-_8')).toEqual(Buffer.from([0xfb, 0xff]));
    for (const bad of ['', '   ', 'ab cd', 'abc$', '====']) expect(decodeBase64(bad), bad).toBeUndefined();
  });
});

describe('identifiers and names', () => {
  it('normalises phone numbers and finds carriers by prefix', () => {
    expect(toDomesticPhone('+84 912.345.678')).toBe('0912345678');
    expect(toDomesticPhone('84912345678')).toBe('0912345678');
    expect(toMsisdn('0912345678')).toBe('84912345678');
    for (const bad of ['091234567', '09123456789', '0212345678', '+1912345678'])
      expect(toDomesticPhone(bad)).toBeUndefined();
    expect(carrierOf('0321234567')).toBe('Viettel');
    expect(carrierOf('0851234567')).toBe('VinaPhone');
    expect(carrierOf('0761234567')).toBe('MobiFone');
    expect(carrierOf('0591234567')).toBeUndefined();
  });

  it('compares names by NFC, case and whitespace but keeps diacritics', () => {
    expect(normalizeName('  ĐỖ   Quang\tMinh ')).toBe('đỗ quang minh');
    expect(sameName('Đỗ Quang Minh', 'đỗ quang minh'.normalize('NFD'))).toBe(true);
    expect(sameName('Đỗ Quang Minh', 'Do Quang Minh')).toBe(false);
  });

  it('parses only real dd/mm/yyyy dates', () => {
    expect(parseVietnameseDate('29/02/2000')).toBe('2000-02-29');
    expect(parseVietnameseDate('29/02/1900')).toBeUndefined();
    expect(parseVietnameseDate('31/04/1990')).toBeUndefined();
    expect(parseVietnameseDate('01/01/1899')).toBeUndefined();
    expect(parseVietnameseDate('1/1/1990')).toBeUndefined();
  });
});
