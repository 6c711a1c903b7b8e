import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmsFormatError, parseSignedData } from '../../lib/src/cms/index.js';
import { CertificateMutator } from '../../lib/test/fixtures/cert/certificateMutator.js';
import { type CmsFuzzCorpus, createCmsFuzzCorpus } from './cmsParserCorpus.js';

const CASES = 1000;
let corpus: CmsFuzzCorpus;

beforeAll(async () => {
  corpus = await createCmsFuzzCorpus();
});
afterAll(() => corpus?.cleanup());

describe('CMS parser and verifier fuzz (seeded DER mutations)', () => {
  it('the seeds verify', async () => {
    for (const s of corpus.seeds) expect((await corpus.verify(s)).valid).toBe(true);
  });

  it(`${CASES} mutated CMS: only CmsFormatError from the parser, only results from verifyCms`, async () => {
    const mutator = new CertificateMutator(corpus.seeds, 0x636d73);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const { kind, bytes } = mutator.next();
      try {
        parseSignedData(bytes);
      } catch (e) {
        if (!(e instanceof CmsFormatError)) throw new Error(`case ${i} (${kind}): parser threw ${String(e)}`);
      }
      let outcome: string;
      try {
        const r = await corpus.verify(bytes);
        outcome = r.valid ? 'valid' : (r.errors[0]?.code ?? 'invalid');
        if (!r.valid)
          expect(r.errors.length, `case ${i} (${kind}) invalid without errors`).toBeGreaterThan(0);
      } catch (e) {
        throw new Error(
          `case ${i} (${kind}): verifyCms threw ${(e as Error)?.name}: ${(e as Error)?.message}`,
        );
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(outcomes.get('CMS_MALFORMED')).toBeGreaterThan(CASES / 10);
    expect([...outcomes.keys()].length).toBeGreaterThan(3);
  });

  it('regressions from the long run (seed 1): certificates pkijs cannot read become typed results', async () => {
    const mutator = new CertificateMutator(corpus.seeds, 1);
    for (let i = 0; i <= 3952; i++) {
      const { bytes } = mutator.next();
      if (i !== 3786 && i !== 3952) continue;
      const r = await corpus.verify(bytes);
      expect(r.valid).toBe(false);
      expect(r.errors.length).toBeGreaterThan(0);
    }
  });
});
