/**
 * Login-token verification: Kyso's verifyAuthToken against a node:crypto-only implementation of the
 * same checks (token shape, algorithm allow-list, origin, key usage, EKU, validity, 3-level chain
 * signatures and names, ECDSA raw r‖s signature over H(origin) ‖ H(nonce)). Goal: within 1.5×.
 *
 *   node --import tsx bench/authToken.bench.ts
 *
 * Three cases: "repeat" (the same user logs in again: caches warm), "new user" (a different P-256
 * certificate from the same CA every time: anchor and intermediate warm, leaf cold) and "cold" (the
 * certificate-description, imported-key and path-result caches cleared before each verification; imported
 * keys are shared with the trust module, so they go too; its decoded-certificate cache stays warm). The
 * baseline gets its trust anchor and intermediate pre-parsed (as a server would at start-up) and has no
 * caches. The new-user case also prints a CPU-time ratio (process.cpuUsage: less moved by other processes'
 * load than wall time, but it counts the garbage collector's helper threads).
 */
import { createHash, createPrivateKey, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createAuthToken, generateNonce, verifyAuthToken } from '../lib/src/auth/index.js';
import { clearCertificateCache } from '../lib/src/cert/index.js';
import { clearPathResultCache } from '../lib/src/cms/index.js';
import { clearPublicKeyCache } from '../lib/src/crypto/index.js';
import { createTestPki, opensslSigner } from '../lib/test/cmsOpensslPki.js';

const pki = createTestPki();
const origin = 'https://dichvucong.gov.vn';
const nonce = generateNonce();

// ---- node:crypto-only baseline --------------------------------------------------------------------------
const ALGS: Record<string, { hash: string; ec: boolean; pss: boolean; size: number }> = {
  ES256: { hash: 'sha256', ec: true, pss: false, size: 32 },
  ES384: { hash: 'sha384', ec: true, pss: false, size: 48 },
  ES512: { hash: 'sha512', ec: true, pss: false, size: 66 },
  RS256: { hash: 'sha256', ec: false, pss: false, size: 0 },
  RS384: { hash: 'sha384', ec: false, pss: false, size: 0 },
  RS512: { hash: 'sha512', ec: false, pss: false, size: 0 },
  PS256: { hash: 'sha256', ec: false, pss: true, size: 0 },
  PS384: { hash: 'sha384', ec: false, pss: true, size: 0 },
  PS512: { hash: 'sha512', ec: false, pss: true, size: 0 },
};
const ORIGIN_RE = /^https:\/\/[^/?#@\s:]+(?::\d{1,5})?$/;

/** The keyUsage bits, read from the DER: node:crypto exposes only the extended key usage. */
function digitalSignatureBit(der: Buffer): boolean {
  const oid = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0f]);
  const at = der.indexOf(oid);
  if (at < 0) return false;
  let p = at + oid.length;
  if (der[p] === 0x01) p += 3; // critical BOOLEAN
  // OCTET STRING { BIT STRING { unused, bits } }
  return der[p] === 0x04 && der[p + 2] === 0x03 && ((der[p + 5] ?? 0) & 0x80) !== 0;
}

const anchor = new X509Certificate(pki.rootPem);
const intermediate = new X509Certificate(pki.intermediatePem);

function nodeVerifyToken(
  tokenJson: string,
  expectedNonce: string,
  expectedOrigin: string,
  now: Date,
): string {
  if (tokenJson.length < 100 || tokenJson.length > 10_000) throw new Error('length');
  const t = JSON.parse(tokenJson) as Record<string, string>;
  if (typeof t.format !== 'string' || !t.format.startsWith('web-eid:1')) throw new Error('format');
  const alg = ALGS[t.algorithm ?? ''];
  if (!alg || !t.unverifiedCertificate || !t.signature) throw new Error('algorithm');
  if (!ORIGIN_RE.test(expectedOrigin) || new URL(expectedOrigin).origin !== expectedOrigin)
    throw new Error('origin');
  const der = Buffer.from(t.unverifiedCertificate, 'base64');
  const leaf = new X509Certificate(der);
  if (!digitalSignatureBit(der)) throw new Error('key usage');
  const eku = leaf.keyUsage;
  if (eku && eku.length > 0 && !eku.includes('1.3.6.1.5.5.7.3.2')) throw new Error('eku');
  for (const c of [leaf, intermediate, anchor])
    if (now < new Date(c.validFrom) || now > new Date(c.validTo)) throw new Error('validity');
  if (!leaf.checkIssued(intermediate) || !leaf.verify(intermediate.publicKey)) throw new Error('chain');
  if (!intermediate.ca || !intermediate.checkIssued(anchor) || !intermediate.verify(anchor.publicKey))
    throw new Error('chain');
  const h = (s: string) => createHash(alg.hash).update(s).digest();
  const data = Buffer.concat([h(expectedOrigin), h(expectedNonce)]);
  const sig = Buffer.from(t.signature, 'base64');
  const key = alg.ec
    ? { key: leaf.publicKey, dsaEncoding: 'ieee-p1363' as const }
    : alg.pss
      ? { key: leaf.publicKey, padding: 6, saltLength: createHash(alg.hash).digest().length }
      : { key: leaf.publicKey };
  if (!nodeVerify(alg.hash, data, key, sig)) throw new Error('signature');
  return leaf.subject;
}

// ---- measurement ----------------------------------------------------------------------------------------
async function timeIt(n: number, f: () => unknown | Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) await f();
  return (performance.now() - t) / n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const trust = { trustAnchors: [pki.rootPem], intermediates: [pki.intermediatePem] };
const deadline = performance.now() + 45_000;
for (const leaf of ['authEc', 'authRsa'] as const) {
  const id = pki.identity(leaf);
  const token = JSON.stringify(
    await createAuthToken({ origin, nonce, certificate: id.certPem, signer: opensslSigner(id.keyPath) }),
  );
  const now = new Date();
  // Both must accept before timing.
  const kyso = await verifyAuthToken(token, { ...trust, nonce, origin });
  nodeVerifyToken(token, nonce, origin, now);
  const label = `${kyso.algorithm} (${leaf === 'authEc' ? 'P-256' : 'RSA-2048'} leaf, 3-level path)`;
  for (const mode of ['repeat', 'cold'] as const) {
    const ratios: number[] = [];
    const kysoTimes: number[] = [];
    const baseTimes: number[] = [];
    for (let round = 0; round < 7 && performance.now() < deadline; round++) {
      const n = 40;
      const base = await timeIt(n, () => nodeVerifyToken(token, nonce, origin, new Date()));
      const k = await timeIt(n, () => {
        if (mode === 'cold') {
          clearCertificateCache();
          clearPublicKeyCache();
          clearPathResultCache();
        }
        return verifyAuthToken(token, { ...trust, nonce, origin });
      });
      ratios.push(k / base);
      kysoTimes.push(k);
      baseTimes.push(base);
    }
    console.log(
      `verifyAuthToken ${label} ${mode.padEnd(6)}: kyso ${median(kysoTimes).toFixed(3)} ms, node:crypto ${median(baseTimes).toFixed(3)} ms, ratio ${median(ratios).toFixed(2)}× (goal ≤ 1.5×)`,
    );
  }
}

// ---- "new user": distinct leaves issued in-process by the test intermediate ------------------------------
x509.cryptoProvider.set(globalThis.crypto);
const subtle = globalThis.crypto.subtle;
const icaKeyDer = createPrivateKey(readFileSync(join(pki.dir, 'ica.key'))).export({
  format: 'der',
  type: 'pkcs8',
});
const icaKey = await subtle.importKey('pkcs8', icaKeyDer, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
  'sign',
]);
const icaCert = new x509.X509Certificate(pki.intermediatePem);
const signedData = Buffer.concat([
  createHash('sha256').update(origin).digest(),
  createHash('sha256').update(nonce).digest(),
]);
const USERS = 300;
const tokens: string[] = [];
for (let i = 0; i < USERS; i++) {
  const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (0x10000 + i).toString(16),
    subject: [
      { C: ['VN'] },
      { CN: [`Người dùng ${i}`] },
      { '0.9.2342.19200300.100.1.1': [`CCCD:0010990${10000 + i}`] },
    ],
    issuer: icaCert.subject,
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
    publicKey: keys.publicKey,
    signingKey: icaKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.2']),
      await x509.AuthorityKeyIdentifierExtension.create(icaCert),
    ],
  });
  const signature = new Uint8Array(
    await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, signedData),
  );
  tokens.push(
    JSON.stringify({
      unverifiedCertificate: Buffer.from(cert.rawData).toString('base64'),
      algorithm: 'ES256',
      signature: Buffer.from(signature).toString('base64'),
      format: 'web-eid:1.0',
      appVersion: 'bench',
    }),
  );
}
await verifyAuthToken(tokens[0]!, { ...trust, nonce, origin });
nodeVerifyToken(tokens[0]!, nonce, origin, new Date());
{
  const ratios: number[] = [];
  const ks: number[] = [];
  const bs: number[] = [];
  // Short rounds, alternately baseline-first and Kyso-first, so that load from other processes on a
  // shared machine falls on both sides alike; each Kyso round uses certificates it has never seen.
  const per = 20;
  const cpuRatios: number[] = [];
  /** CPU time of this process per call (ms): unlike wall time, barely moved by other processes' load. */
  const cpuOf = async (run: () => Promise<number>) => {
    const before = process.cpuUsage();
    await run();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / per;
  };
  for (let round = 0; (round + 1) * per < USERS && round < 14 && performance.now() < deadline; round++) {
    const slice = tokens.slice(1 + round * per, 1 + (round + 1) * per);
    let j = 0;
    const runBase = () => timeIt(per, () => nodeVerifyToken(slice[j++ % per]!, nonce, origin, new Date()));
    let i = 0;
    const runKyso = () => timeIt(per, () => verifyAuthToken(slice[i++ % per]!, { ...trust, nonce, origin }));
    let b: number;
    let k: number;
    let bCpu = 0;
    let kCpu = 0;
    if (round % 2 === 0) {
      bCpu = await cpuOf(async () => (b = await runBase()));
      kCpu = await cpuOf(async () => (k = await runKyso()));
    } else {
      kCpu = await cpuOf(async () => (k = await runKyso()));
      bCpu = await cpuOf(async () => (b = await runBase()));
    }
    ratios.push(k! / b!);
    cpuRatios.push(kCpu / bCpu);
    ks.push(k!);
    bs.push(b!);
  }
  console.log(
    `verifyAuthToken ES256 (a new P-256 user each time, 3-level path)  new user: kyso ${median(ks).toFixed(3)} ms, node:crypto ${median(bs).toFixed(3)} ms, ratio ${median(ratios).toFixed(2)}× (goal ≤ 1.5×); CPU-time ratio ${median(cpuRatios).toFixed(2)}×`,
  );
}
pki.cleanup();
