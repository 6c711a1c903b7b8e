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

const LEAVES: Record<LeafName, { key: string[]; ext: string; days?: string[] }> = {
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
    days: ['-not_before', '20200101000000Z', '-not_after', '20210101000000Z'],
  },
};

function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}

/** Creates root → intermediate → leaves. Leaves are made lazily. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-cms-'));
  const p = (f: string) => join(dir, f);
  const caExt =
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash';
  writeFileSync(p('ca.ext'), caExt);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p('root.key')]);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    p('root.key'),
    '-subj',
    '/C=VN/O=Kyso Test/CN=Kyso Test Root',
    '-days',
    '3650',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    p('root.pem'),
  ]);
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
  openssl([
    'x509',
    '-req',
    '-in',
    p('ica.csr'),
    '-CA',
    p('root.pem'),
    '-CAkey',
    p('root.key'),
    '-CAcreateserial',
    '-days',
    '3650',
    '-extfile',
    p('ca.ext'),
    '-out',
    p('ica.pem'),
  ]);
  const rootPem = readFileSync(p('root.pem'), 'utf8');
  const intermediatePem = readFileSync(p('ica.pem'), 'utf8');
  const made = new Map<LeafName, TestIdentity>();
  let serial = 100;
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
      writeFileSync(p(`${name}.ext`), `basicConstraints=CA:FALSE\n${spec.ext}\n`);
      const validity = spec.days ?? ['-days', '825'];
      // `openssl x509 -req` has no -not_before in 3.0; use `openssl ca`-free route via -set_serial and faketime-free dates.
      if (spec.days) {
        openssl([
          'req',
          '-new',
          '-x509',
          '-key',
          keyPath,
          '-subj',
          `/CN=${name}`,
          '-days',
          '1',
          '-out',
          p(`${name}.self.pem`),
        ]);
        writeFileSync(p('index.txt'), '');
        writeFileSync(
          p('ca.cnf'),
          `[ca]\ndefault_ca=d\n[d]\ndatabase=${p('index.txt')}\nnew_certs_dir=${dir}\nserial=${p('serial')}\npolicy=pol\ndefault_md=sha256\nunique_subject=no\nemail_in_dn=no\n[pol]\ncountryName=optional\nstateOrProvinceName=optional\ncommonName=supplied\nUID=optional\n[ext]\nbasicConstraints=CA:FALSE\n${spec.ext}\n`,
        );
        writeFileSync(p('serial'), `${(serial++).toString(16).padStart(4, '0')}\n`);
        openssl([
          'ca',
          '-batch',
          '-config',
          p('ca.cnf'),
          '-cert',
          p('ica.pem'),
          '-keyfile',
          p('ica.key'),
          '-in',
          p(`${name}.csr`),
          '-startdate',
          validity[1]!,
          '-enddate',
          validity[3]!,
          '-extensions',
          'ext',
          '-utf8',
          '-notext',
          '-out',
          certPath,
        ]);
      } else {
        openssl([
          'x509',
          '-req',
          '-in',
          p(`${name}.csr`),
          '-CA',
          p('ica.pem'),
          '-CAkey',
          p('ica.key'),
          '-set_serial',
          String(serial++),
          ...validity,
          '-extfile',
          p(`${name}.ext`),
          '-out',
          certPath,
        ]);
      }
      const certPem = readFileSync(certPath, 'utf8');
      const id = { name, keyPath, certPath, certPem, certDer: pemToDer(certPem) };
      made.set(name, id);
      return id;
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
