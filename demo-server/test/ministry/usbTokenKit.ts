/** Test kit: Web eID login tokens made with the demo PKI's keys, as the Kyso extension would make them. */
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import { createAuthToken } from '@kyso/lib';
import type { DemoIdentityName, DemoPki } from '@kyso/lib/demo-pki';

/** DigestInfo prefix of SHA-256 (RFC 8017 §9.2). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A login token (JSON text) of the RSA demo identity `name` over `nonce`, bound to `origin`. */
export async function demoLoginToken(pki: DemoPki, name: DemoIdentityName, nonce: string, origin: string) {
  const id = pki.identities[name];
  const key = createPrivateKey({ key: Buffer.from(id.privateKey), format: 'der', type: 'pkcs8' });
  return JSON.stringify(
    await createAuthToken({
      origin,
      nonce,
      certificate: id.certificate,
      signer: async (digest) =>
        new Uint8Array(
          privateEncrypt(
            { key, padding: constants.RSA_PKCS1_PADDING },
            Buffer.concat([SHA256_DIGEST_INFO, digest]),
          ),
        ),
    }),
  );
}

/** The USB challenge (`data-nonce`) of a ministry page. */
export function nonceOf(html: string): string {
  const m = /data-nonce="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no USB challenge in the page');
  return m[1];
}
