/**
 * Test PKI made with the openssl command line in a temporary folder: a root CA and leaves with RSA,
 * RSA (for PSS), ECDSA P-256 and P-384 keys, plus auth-specific leaves. Also a digest signer backed by
 * `openssl pkeyutl`, standing in for a token that signs digests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DigestSigner } from '../src/cms/index.js';
import { ecdsaSignatureToRaw } from '../src/crypto/index.js';

export interface TestIdentity {
  name: string;
  keyPath: string;
  certPath: string;
  certPem: string;
  certDer: Uint8Array;
}

export interface TestPki {
  dir: string;
  rootPath: string;
  rootPem: string;
  rootDer: Uint8Array;
  intermediatePem: string;
  intermediateDer: Uint8Array;
  identity(name: LeafName): TestIdentity;
  /** Revokes the leaves (by the intermediate CA) and returns the intermediate's fresh CRL (DER). */
  revoke(...names: LeafName[]): Uint8Array;
  cleanup(): void;
}

export type LeafName =
  | 'rsa'
  | 'ec256'
  | 'ec384'
  | 'authEc'
  | 'authRsa'
  | 'noDigitalSignature'
  | 'serverAuthOnly'
  | 'expired';

export const openssl = (args: string[], input?: Uint8Array | string): Buffer =>
  execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });

const LEAVES: Record<LeafName, { key: string[]; ext: string; dates?: [string, string] }> = {
  rsa: {
    key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    ext: 'keyUsage=critical,digitalSignature,nonRepudiation',
  },
  ec256: {
    key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    ext: 'keyUsage=critical,digitalSignature,nonRepudiation',
  },
  ec384: {
    key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    ext: 'keyUsage=critical,digitalSignature,nonRepudiation',
  },
  authEc: {
    key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    ext: 'keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth',
  },
  authRsa: {
    key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    ext: 'keyUsage=critical,digitalSignature',
  },
  noDigitalSignature: {
    key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    ext: 'keyUsage=critical,nonRepudiation',
  },
  serverAuthOnly: {
    key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    ext: 'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth',
  },
  expired: {
    key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    ext: 'keyUsage=critical,digitalSignature',
    dates: ['20200101000000Z', '20210101000000Z'],
  },
};

function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}

/** Creates root → intermediate → leaves (all issued with `openssl ca`, CAs valid 2019–2045). Leaves are made lazily. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-cms-'));
  const p = (f: string) => join(dir, f);
  writeFileSync(p('index.txt'), '');
  writeFileSync(p('serial'), '1000\n');
  let n = 0;
  let icaConfig = '';
  /** Issues a certificate for `csr` with the given extensions; selfsign when issuer is absent. */
  const issue = (
    csr: string,
    out: string,
    ext: string,
    dates: [string, string],
    issuer?: { cert: string; key: string },
  ) => {
    const cnf = p(`ca${n++}.cnf`);
    writeFileSync(
      cnf,
      `[ca]\ndefault_ca=d\n[d]\ndatabase=${p('index.txt')}\nnew_certs_dir=${dir}\nserial=${p('serial')}\n` +
        'policy=pol\ndefault_md=sha256\nunique_subject=no\nemail_in_dn=no\n' +
        '[pol]\ncountryName=optional\nstateOrProvinceName=optional\norganizationName=optional\ncommonName=supplied\nUID=optional\n' +
        `[ext]\n${ext}\n`,
    );
    if (issuer?.cert.endsWith('ica.pem')) icaConfig = cnf;
    const signer = issuer
      ? ['-cert', issuer.cert, '-keyfile', issuer.key]
      : ['-selfsign', '-keyfile', csr.replace(/\.csr$/, '.key')];
    openssl([
      'ca',
      '-batch',
      '-config',
      cnf,
      ...signer,
      '-in',
      csr,
      '-startdate',
      dates[0],
      '-enddate',
      dates[1],
      '-extensions',
      'ext',
      '-utf8',
      '-notext',
      '-out',
      out,
    ]);
  };
  const caDates: [string, string] = ['20190101000000Z', '20451231000000Z'];
  const caExt =
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash';
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p('root.key')]);
  openssl([
    'req',
    '-new',
    '-key',
    p('root.key'),
    '-subj',
    '/C=VN/O=Kyso Test/CN=Kyso Test Root',
    '-out',
    p('root.csr'),
  ]);
  issue(p('root.csr'), p('root.pem'), caExt, caDates);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p('ica.key')]);
  openssl([
    'req',
    '-new',
    '-key',
    p('ica.key'),
    '-subj',
    '/C=VN/O=Kyso Test/CN=Kyso Test CA',
    '-out',
    p('ica.csr'),
  ]);
  issue(p('ica.csr'), p('ica.pem'), `${caExt}\nauthorityKeyIdentifier=keyid`, caDates, {
    cert: p('root.pem'),
    key: p('root.key'),
  });
  const rootPem = readFileSync(p('root.pem'), 'utf8');
  const intermediatePem = readFileSync(p('ica.pem'), 'utf8');
  const made = new Map<LeafName, TestIdentity>();
  return {
    dir,
    rootPath: p('root.pem'),
    rootPem,
    rootDer: pemToDer(rootPem),
    intermediatePem,
    intermediateDer: pemToDer(intermediatePem),
    identity(name) {
      const existing = made.get(name);
      if (existing) return existing;
      const spec = LEAVES[name];
      const keyPath = p(`${name}.key`);
      const certPath = p(`${name}.pem`);
      openssl(['genpkey', ...spec.key, '-out', keyPath]);
      openssl([
        'req',
        '-new',
        '-key',
        keyPath,
        '-subj',
        `/C=VN/ST=Hà Nội/CN=Nguyễn Văn ${name}/UID=CCCD:001099012345`,
        '-utf8',
        '-out',
        p(`${name}.csr`),
      ]);
      const dates = spec.dates ?? ['20240101000000Z', '20441231000000Z'];
      issue(
        p(`${name}.csr`),
        certPath,
        `basicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\n${spec.ext}`,
        dates,
        {
          cert: p('ica.pem'),
          key: p('ica.key'),
        },
      );
      const certPem = readFileSync(certPath, 'utf8');
      const id = { name, keyPath, certPath, certPem, certDer: pemToDer(certPem) };
      made.set(name, id);
      return id;
    },
    revoke(...names) {
      const ca = ['-config', icaConfig, '-cert', p('ica.pem'), '-keyfile', p('ica.key')];
      for (const name of names)
        openssl(['ca', ...ca, '-revoke', this.identity(name).certPath, '-crl_reason', 'keyCompromise']);
      openssl(['ca', ...ca, '-gencrl', '-crldays', '30', '-out', p('ica.crl')]);
      return pemToDer(readFileSync(p('ica.crl'), 'utf8'));
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const OPENSSL_DIGEST = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

/** A DigestSigner backed by `openssl pkeyutl` (prehashed signing, like a token). */
export function opensslSigner(
  keyPath: string,
  ecdsaOutput: 'der' | 'raw' = 'raw',
  fieldBytes = 32,
): DigestSigner {
  return async (toBeSigned, { hash, scheme }) => {
    const args = ['pkeyutl', '-sign', '-inkey', keyPath];
    if (scheme !== 'ECDSA') args.push('-pkeyopt', `digest:${OPENSSL_DIGEST[hash]}`);
    if (scheme === 'RSA-PSS')
      args.push('-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:digest');
    const sig = new Uint8Array(openssl(args, toBeSigned));
    return scheme === 'ECDSA' && ecdsaOutput === 'raw' ? ecdsaSignatureToRaw(sig, fieldBytes) : sig;
  };
}
