/**
 * Signatures and login tokens with the Vietnamese-shaped demo PKI: identity from the certificate module,
 * wrong key usage, expiry, and revocation through the demo CA's CRL and OCSP responder.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthTokenError, createAuthToken, generateNonce, verifyAuthToken } from '../src/auth/index.js';
import { type DigestSigner, signCms, verifyCms } from '../src/cms/index.js';
import { type DemoIdentityName, type DemoPki, loadDemoPki } from '../src/demo-pki/index.js';
import { opensslSigner } from './cmsOpensslPki.js';

let pki: DemoPki;
let dir: string;
const content = new TextEncoder().encode('Đơn đề nghị cấp giấy phép — demo');
const origin = 'https://dichvucong.demo.localhost';

beforeAll(async () => {
  pki = await loadDemoPki();
  dir = mkdtempSync(join(tmpdir(), 'kyso-cms-demo-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function signerFor(name: DemoIdentityName): DigestSigner {
  const id = pki.identities[name];
  const keyPath = join(dir, `${name}.pem`);
  const pem = createPrivateKey({ key: Buffer.from(id.privateKey), format: 'der', type: 'pkcs8' }).export({
    format: 'pem',
    type: 'pkcs8',
  });
  writeFileSync(keyPath, pem);
  return opensslSigner(keyPath, 'raw', 32);
}

const anchors = () => [pki.roots.national, pki.roots.government];

async function sign(name: DemoIdentityName): Promise<Uint8Array> {
  const id = pki.identities[name];
  return signCms({
    content,
    detached: false,
    certificate: id.certificate,
    chain: id.chain,
    signer: signerFor(name),
  });
}

describe('CMS with the demo PKI', () => {
  it('carries the Vietnamese identity of a citizen and of a business', async () => {
    const citizen = await verifyCms(await sign('citizen'), { trustAnchors: anchors() });
    expect(citizen.valid).toBe(true);
    expect(citizen.signers[0]!.subjectType).toBe('personal');
    expect(citizen.signers[0]!.identifiers.map((i) => i.type)).toContain('CCCD');

    const business = await verifyCms(await sign('business'), { trustAnchors: anchors() });
    expect(business.valid).toBe(true);
    expect(business.signers[0]!.subjectType).toBe('organization');
    expect(business.signers[0]!.identifiers.map((i) => i.type)).toContain('MST');
  });

  it('flags a certificate whose key usage does not allow signing', async () => {
    const v = await verifyCms(await sign('wrongKeyUsage'), { trustAnchors: anchors() });
    expect(v.valid).toBe(false);
    expect(v.errors.map((e) => e.code)).toContain('CMS_KEY_USAGE');
  });

  it('reports a revoked signer through the CA CRL and through OCSP', async () => {
    const id = pki.identities.revoked;
    const cms = await sign('revoked');
    const crl = await pki.crl(id.issuer);
    const byCrl = await verifyCms(cms, { trustAnchors: anchors(), revocation: { crls: [crl] } });
    expect(byCrl.signers[0]!.revocation).toBe('revoked');
    expect(byCrl.errors.map((e) => e.code)).toContain('REVOKED');

    const fetch = async (_url: string, init?: { body?: Uint8Array }) =>
      pki.ocspRespond(init?.body ?? new Uint8Array());
    const byOcsp = await verifyCms(cms, { trustAnchors: anchors(), revocation: { fetch, mode: 'ocsp' } });
    expect(byOcsp.signers[0]!.revocation).toBe('revoked');
    const good = await verifyCms(await sign('citizen'), {
      trustAnchors: anchors(),
      revocation: { fetch, mode: 'ocsp' },
    });
    expect(good.signers[0]!.path?.revocation.perCertificate[0]?.status).toBe('good');
  });
});

describe('login token with the demo PKI', () => {
  it('authenticates the EC citizen and refuses the expired one', async () => {
    const nonce = generateNonce();
    const ec = pki.identities.citizenEc;
    const token = await createAuthToken({
      origin,
      nonce,
      certificate: ec.certificate,
      signer: signerFor('citizenEc'),
    });
    const result = await verifyAuthToken(JSON.stringify(token), {
      nonce,
      origin,
      trustAnchors: anchors(),
      intermediates: ec.chain,
    });
    expect(result.algorithm).toBe('ES256');
    expect(result.identifiers.map((i) => i.type)).toContain('CCCD');

    const old = pki.identities.expired;
    const expiredToken = await createAuthToken({
      origin,
      nonce,
      certificate: old.certificate,
      signer: signerFor('expired'),
    });
    const e = await verifyAuthToken(expiredToken, {
      nonce,
      origin,
      trustAnchors: anchors(),
      intermediates: old.chain,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthTokenError);
    expect((e as AuthTokenError).issues.map((i) => i.code)).toContain('CERTIFICATE_EXPIRED');
  });
});
