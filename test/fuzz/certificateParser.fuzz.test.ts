import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, setCertificateCacheLimit } from '../../lib/src/cert/index.js';
import { KysoError } from '../../lib/src/protocol/kysoError.js';
import { CertificateMutator, fuzzSeedSpecs } from '../../lib/test/fixtures/cert/certificateMutator.js';
import { makeCertificate } from '../../lib/test/fixtures/cert/opensslCertificates.js';

const CASES = 3000;
let seeds: Uint8Array[];

beforeAll(() => {
  seeds = fuzzSeedSpecs().map((s) => makeCertificate(s).der);
  setCertificateCacheLimit(0); // every case goes through the decoder
});
afterAll(() => setCertificateCacheLimit(512));

/** Parses and reads every lazy part; returns 'ok' or the KysoError code; rethrows anything else. */
function exercise(bytes: Uint8Array, withPkijs: boolean): string {
  try {
    const d = parseCertificate(bytes);
    JSON.stringify(d); // fingerprints, identity, issuer family, string renderings
    if (withPkijs) d.toPkijs();
    return 'ok';
  } catch (e) {
    if (e instanceof KysoError) return e.code;
    throw e;
  }
}

describe('certificate parser fuzz (seeded mutations)', () => {
  it('the seeds themselves parse completely', () => {
    for (const s of seeds) expect(exercise(s, true)).toBe('ok');
  });

  it(`${CASES} mutated certificates: only KysoError(INVALID_REQUEST) is ever thrown`, () => {
    const mutator = new CertificateMutator(seeds, 0x6b79736f);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const { kind, bytes } = mutator.next();
      let outcome: string;
      try {
        outcome = exercise(bytes, i % 10 === 0);
      } catch (e) {
        throw new Error(`case ${i} (${kind}) threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect([...outcomes.keys()].sort()).toEqual(['INVALID_REQUEST', 'ok']);
    expect(outcomes.get('INVALID_REQUEST')!).toBeGreaterThan(CASES / 2);
  });

  it('mutated PEM and base64 text also yields only KysoError', () => {
    const mutator = new CertificateMutator(
      seeds.map((s) => new TextEncoder().encode(Buffer.from(s).toString('base64'))),
      7,
    );
    for (let i = 0; i < 300; i++) {
      const text = new TextDecoder().decode(mutator.next().bytes);
      for (const input of [text, `-----BEGIN CERTIFICATE-----\n${text}\n-----END CERTIFICATE-----`]) {
        try {
          parseCertificate(input);
        } catch (e) {
          expect(e).toBeInstanceOf(KysoError);
        }
      }
    }
  });
});
