/**
 * Dossier verification throughput: what the ministry does on every submission and every view of a stored
 * dossier — `verifyDossierSignature` (CAdES integrity and signature, signer path to the demo roots with
 * OCSP revocation served from lib's revocation cache, key usage, signer = account holder, the report) — and
 * the whole dossier page (`GET /ho-so/:id` through Fastify: database read, verification, Preact rendering),
 * against lib's own rates measured in the same run: `verifyCms` with the same options, and `validatePath`
 * of the signer alone.
 *
 *   node --import tsx bench/dossierVerify.bench.ts
 *
 * The demo CAs answer OCSP in-process (the same responder the simulators serve over HTTP), so the first call
 * fills the cache and every measured call reads from it. Rounds are interleaved (the order alternating);
 * times are medians over rounds, ratios the medians of the ratios taken within each round.
 */
import { performance } from 'node:perf_hooks';
import {
  DECLARATION_FORMAT,
  serialiseDeclaration,
} from '../demo-server/src/ministry/dossiers/canonicalDeclaration.js';
import { verifyDossierSignature } from '../demo-server/src/ministry/dossiers/signatureVerification.js';
import {
  account,
  attributeOf,
  RESIDENCE_FORM,
  signAs,
  startDossierHarness,
} from '../demo-server/test/ministry/dossiers/dossierTestKit.js';
import { loadDemoPki } from '../lib/src/demo-pki/index.js';
import { type RevocationFetch, validatePath, verifyCms } from '../lib/src/index.js';

const ROUNDS = 7;
const PER_ROUND = 60;
const DEADLINE = performance.now() + 50_000;

const pki = await loadDemoPki();
const caByUrl = new Map<string, string>();
for (const [key, ca] of Object.entries(pki.cas)) {
  caByUrl.set(ca.ocspUrl, key);
  caByUrl.set(ca.crlUrl, key);
}
let fetches = 0;
const fetchRevocation: RevocationFetch = async (url, init) => {
  fetches++;
  const key = caByUrl.get(url);
  if (!key) throw new Error(`unknown revocation URL ${url}`);
  return init?.body ? pki.ocspRespond(init.body) : pki.crl(key);
};
const anchors = [pki.roots.national, pki.roots.government];
const intermediates = Object.values(pki.cas)
  .filter((ca) => ca.parent !== null)
  .map((ca) => ca.certificate);
const trust = { anchors, intermediates, revocationFetch: fetchRevocation };

const citizen = pki.identities.citizen;
const declaration = serialiseDeclaration({
  format: DECLARATION_FORMAT,
  procedure: 'dang-ky-thuong-tru',
  accountId: 'acc-an',
  declarantId: '001090012345',
  fields: RESIDENCE_FORM,
  nonce: 'AAECAwQFBgcICQoLDA0ODw',
  createdAt: new Date().toISOString().slice(0, 19) + 'Z',
}).bytes;
const cms = await signAs(citizen, declaration);
const expectedSigner = { types: ['CCCD', 'CMND'], values: ['001090012345'] };

// The page: the module mounted on Fastify with an in-memory database, one received dossier.
const h = await startDossierHarness({ trust: () => trust });
h.accounts.set('an', account({ id: 'acc-an', idNumber: '001090012345' }));
const created = await h.post('/thu-tuc/dang-ky-thuong-tru', RESIDENCE_FORM, 'an');
const id = String(created.headers.location).split('/')[2] ?? '';
const signPage = await h.get(`/ho-so/${id}/ky`, 'an');
const stored = Buffer.from(
  attributeOf(signPage.body, 'kyso-dossier-form', 'data-declaration') ?? '',
  'base64',
);
const signed = await h.post(
  `/ho-so/${id}/ky/usb`,
  { cms: Buffer.from(await signAs(citizen, stored)).toString('base64') },
  'an',
);
if (signed.statusCode !== 303) throw new Error(`dossier not accepted: ${signed.statusCode}`);

const cases: Record<string, () => Promise<boolean>> = {
  'lib validatePath (signer, OCSP cached)': async () =>
    (
      await validatePath(citizen.certificate, {
        trustAnchors: anchors,
        intermediates: [...citizen.chain, ...intermediates],
        revocation: { fetch: fetchRevocation },
      })
    ).valid,
  'lib verifyCms (path + OCSP cached)': async () =>
    (
      await verifyCms(cms, {
        content: declaration,
        trustAnchors: anchors,
        intermediates,
        time: new Date(),
        revocation: { fetch: fetchRevocation },
      })
    ).valid,
  'verifyDossierSignature (+ holder, report)': async () =>
    (await verifyDossierSignature({ declaration, cms, trust, time: new Date(), expectedSigner })).valid,
  'GET /ho-so/:id (DB + verify + render)': async () => {
    const r = await h.get(`/ho-so/${id}`, 'an');
    return r.statusCode === 200 && r.body.includes('data-valid="true"');
  },
};

for (const [name, run] of Object.entries(cases)) if (!(await run())) throw new Error(`${name}: not valid`);
const fetchesAfterWarmUp = fetches;

const names = Object.keys(cases);
const samples: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
/** Per round, each case's time divided by verifyCms's and by validatePath's in that same round. */
const ratios: Record<string, { cms: number[]; path: number[] }> = Object.fromEntries(
  names.map((k) => [k, { cms: [], path: [] }]),
);
const BASE = 'lib verifyCms (path + OCSP cached)';
const PATH = 'lib validatePath (signer, OCSP cached)';
let rounds = 0;
for (; rounds < ROUNDS && performance.now() < DEADLINE; rounds++) {
  // Alternate the order so that no case always runs right after the same other one.
  const order = rounds % 2 === 0 ? names : [...names].reverse();
  const round: Record<string, number> = {};
  for (const name of order) {
    const run = cases[name];
    if (!run) continue;
    const t0 = performance.now();
    for (let i = 0; i < PER_ROUND; i++) await run();
    round[name] = (performance.now() - t0) / PER_ROUND;
    samples[name]?.push(round[name]);
  }
  for (const name of names) {
    ratios[name]?.cms.push((round[name] ?? Number.NaN) / (round[BASE] ?? Number.NaN));
    ratios[name]?.path.push((round[name] ?? Number.NaN) / (round[PATH] ?? Number.NaN));
  }
}
await h.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
console.log(
  `dossier verification, ${rounds} rounds × ${PER_ROUND} calls (order alternating), medians (RSA-2048 citizen, 3-level path)`,
);
console.log(
  `${'case'.padEnd(44)} ${'ms/op'.padStart(8)} ${'ops/s'.padStart(8)} ${'× verifyCms'.padStart(12)} ${'× validatePath'.padStart(15)}`,
);
for (const name of names) {
  const v = median(samples[name] ?? []);
  const cms = median(ratios[name]?.cms ?? []);
  const path = median(ratios[name]?.path ?? []);
  console.log(
    `${name.padEnd(44)} ${v.toFixed(3).padStart(8)} ${String(Math.round(1000 / v)).padStart(8)} ${cms.toFixed(2).padStart(12)} ${path.toFixed(2).padStart(15)}`,
  );
}
console.log(
  `revocation fetches: ${fetchesAfterWarmUp} while warming up, ${fetches - fetchesAfterWarmUp} while measuring (cache)`,
);
