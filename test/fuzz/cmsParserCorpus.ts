/**
 * Seeds for fuzzing the CMS parser/verifier: Kyso CAdES (RSA, RSA-PSS, ECDSA; attached and detached),
 * OpenSSL BER streaming output and a signature without signed attributes. Shared by the short run in
 * `npm test` and the long run `bench/fuzzCms.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CmsVerification, signCms, verifyCms } from '../../lib/src/cms/index.js';
import { createTestPki, openssl, opensslSigner, type TestPki } from '../../lib/test/cmsOpensslPki.js';

export interface CmsFuzzCorpus {
  seeds: Uint8Array[];
  /** The signed document (detached seeds are checked against it). */
  content: Uint8Array;
  /** Verifies one (mutated) input the way an application would. */
  verify(bytes: Uint8Array): Promise<CmsVerification>;
  cleanup(): void;
}

export async function createCmsFuzzCorpus(): Promise<CmsFuzzCorpus> {
  const pki: TestPki = createTestPki();
  const content = new TextEncoder().encode('Quyết định số 123/QĐ-UBND — fuzz seed');
  const seeds: Uint8Array[] = [];
  const chain = [pki.intermediatePem];
  for (const [leaf, scheme, hashAlgorithm, field] of [
    ['rsa', 'RSASSA-PKCS1-v1_5', 'SHA-256', 32],
    ['rsa', 'RSA-PSS', 'SHA-384', 32],
    ['ec256', 'ECDSA', 'SHA-256', 32],
    ['ec384', 'ECDSA', 'SHA-512', 48],
  ] as const) {
    const id = pki.identity(leaf);
    for (const detached of [false, true])
      seeds.push(
        await signCms({
          content,
          detached,
          certificate: id.certPem,
          chain,
          scheme,
          hashAlgorithm,
          signer: opensslSigner(id.keyPath, 'raw', field),
        }),
      );
  }
  const id = pki.identity('ec256');
  const doc = join(pki.dir, 'fuzz-doc.txt');
  writeFileSync(doc, content);
  for (const extra of [['-stream'], ['-noattr']]) {
    const out = join(pki.dir, `fuzz${extra[0]}.p7s`);
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-nodetach',
      ...extra,
      '-outform',
      'DER',
      '-in',
      doc,
      '-signer',
      id.certPath,
      '-inkey',
      id.keyPath,
      '-certfile',
      join(pki.dir, 'ica.pem'),
      '-out',
      out,
    ]);
    seeds.push(new Uint8Array(readFileSync(out)));
  }
  const options = { trustAnchors: [pki.rootPem], intermediates: [pki.intermediatePem], content };
  return {
    seeds,
    content,
    verify: (bytes) => verifyCms(bytes, options),
    cleanup: () => pki.cleanup(),
  };
}
