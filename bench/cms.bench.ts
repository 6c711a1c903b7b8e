/**
 * CMS verification: Kyso's verifyCms against a baseline built from node-forge's ASN.1 decoder and
 * node:crypto (OpenSSL-free): parse SignedData, messageDigest, signingCertificateV2 hash, signature over
 * the signed attributes, and a 3-level chain with validity, like verifyCms does.
 *
 *   node --import tsx bench/cms.bench.ts
 *
 * "repeat": the same signer again (caches warm); "cold": the certificate-description, imported-key and
 * path-result caches cleared before each call (imported keys are shared with the trust module, so its
 * keys are cleared too; its decoded-certificate cache stays warm).
 */
import { createHash, verify as nodeVerify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { clearCertificateCache } from '../lib/src/cert/index.js';
import { clearPathResultCache, signCms, verifyCms } from '../lib/src/cms/index.js';
import { clearPublicKeyCache } from '../lib/src/crypto/index.js';
import { createTestPki, opensslSigner } from '../lib/test/cmsOpensslPki.js';

const pki = createTestPki();
const content = new TextEncoder().encode('Tờ khai — benchmark document\n'.repeat(200));

const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const anchor = new X509Certificate(pki.rootPem);
const intermediate = new X509Certificate(pki.intermediatePem);
type Node = forge.asn1.Asn1;

const bytesOf = (n: Node): Buffer => Buffer.from(forge.asn1.toDer(n).getBytes(), 'binary');
const octets = (n: Node): Buffer =>
  Array.isArray(n.value)
    ? Buffer.concat((n.value as Node[]).map(octets))
    : Buffer.from(n.value as string, 'binary');

function baselineVerify(cms: Uint8Array, now: Date): boolean {
  const root = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(cms).toString('binary')));
  const sd = ((root.value as Node[])[1]!.value as Node[])[0]!.value as Node[];
  const encap = sd[2]!.value as Node[];
  const eContent = encap[1] ? octets((encap[1].value as Node[])[0]!) : undefined;
  let i = 3;
  const certs: X509Certificate[] = [];
  if (sd[i]!.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && sd[i]!.type === 0) {
    for (const c of sd[i]!.value as Node[]) certs.push(new X509Certificate(bytesOf(c)));
    i++;
  }
  const si = (sd[sd.length - 1]!.value as Node[])[0]!.value as Node[];
  const serial = octets((si[1]!.value as Node[])[1]!)
    .toString('hex')
    .replace(/^0+/, '')
    .toUpperCase();
  const leaf = certs.find((c) => c.serialNumber.replace(/^0+/, '') === serial)!;
  const hash = HASHES[forge.asn1.derToOid((si[2]!.value as Node[])[0]!.value as string)]!;
  const attrsNode = si[3]!;
  const attrsDer = bytesOf(attrsNode);
  attrsDer[0] = 0x31;
  let messageDigest: Buffer | undefined;
  let certHash: Buffer | undefined;
  for (const a of attrsNode.value as Node[]) {
    const [type, set] = a.value as Node[];
    const oid = forge.asn1.derToOid(type!.value as string);
    const v = (set!.value as Node[])[0]!;
    if (oid === '1.2.840.113549.1.9.4') messageDigest = octets(v);
    if (oid === '1.2.840.113549.1.9.16.2.47') {
      const ess = ((v.value as Node[])[0]!.value as Node[])[0]!.value as Node[];
      certHash = octets(ess[0]!.type === forge.asn1.Type.OCTETSTRING ? ess[0]! : ess[1]!);
    }
  }
  const data = eContent ?? Buffer.from(content);
  if (!messageDigest || !createHash(hash).update(data).digest().equals(messageDigest)) return false;
  if (!certHash || !createHash(hash).update(leaf.raw).digest().equals(certHash)) return false;
  const sigAlg = forge.asn1.derToOid((si[4]!.value as Node[])[0]!.value as string);
  const signature = octets(si[5]!);
  const key =
    sigAlg === '1.2.840.113549.1.1.10'
      ? { key: leaf.publicKey, padding: 6, saltLength: -1 }
      : { key: leaf.publicKey };
  if (!nodeVerify(hash, attrsDer, key, signature)) return false;
  for (const c of [leaf, intermediate, anchor])
    if (now < new Date(c.validFrom) || now > new Date(c.validTo)) return false;
  if (!leaf.checkIssued(intermediate) || !leaf.verify(intermediate.publicKey)) return false;
  return intermediate.ca && intermediate.checkIssued(anchor) && intermediate.verify(anchor.publicKey);
}

async function timeIt(n: number, f: () => unknown | Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (let k = 0; k < n; k++) await f();
  return (performance.now() - t) / n;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const trust = { trustAnchors: [pki.rootPem], intermediates: [pki.intermediatePem] };
const deadline = performance.now() + 45_000;
for (const [leaf, scheme, field] of [
  ['ec256', 'ECDSA', 32],
  ['rsa', 'RSASSA-PKCS1-v1_5', 32],
  ['rsa', 'RSA-PSS', 32],
] as const) {
  const id = pki.identity(leaf);
  const cms = await signCms({
    content,
    detached: false,
    certificate: id.certPem,
    chain: [pki.intermediatePem],
    scheme,
    signer: opensslSigner(id.keyPath, 'raw', field),
  });
  if (!(await verifyCms(cms, trust)).valid || !baselineVerify(cms, new Date()))
    throw new Error('setup: not valid');
  for (const mode of ['repeat', 'cold'] as const) {
    const ratios: number[] = [];
    const ks: number[] = [];
    const bs: number[] = [];
    for (let round = 0; round < 7 && performance.now() < deadline; round++) {
      const b = await timeIt(30, () => baselineVerify(cms, new Date()));
      const k = await timeIt(30, () => {
        if (mode === 'cold') {
          clearCertificateCache();
          clearPublicKeyCache();
          clearPathResultCache();
        }
        return verifyCms(cms, trust);
      });
      ratios.push(k / b);
      ks.push(k);
      bs.push(b);
    }
    console.log(
      `verifyCms ${scheme.padEnd(17)} (${leaf}, ${cms.length} B, 3-level path) ${mode.padEnd(6)}: kyso ${median(ks).toFixed(3)} ms, forge+node:crypto ${median(bs).toFixed(3)} ms, ratio ${median(ratios).toFixed(2)}×`,
    );
  }
}
pki.cleanup();
