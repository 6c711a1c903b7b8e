/**
 * Validating a 3-level path (root → CA → leaf, OpenSSL-generated, RSA-2048 and ECDSA P-256):
 * Kyso `validatePath` against node:crypto X509Certificate (checkIssued + verify + validity + CA flag)
 * and @peculiar/x509 (X509ChainBuilder + verify), measured in the same run, printed as ratios.
 * The baselines parse the three DER certificates each time. Kyso rows: "cold" clears its caches
 * before every validation (a first visit: decode, import keys, verify); "warm" repeats the same
 * validation (decoded certificates and their signature verdicts are cached by exact DER, as a server
 * validating many users under the same CAs would see); "+ 2 CRLs" adds revocation from the CA's
 * and the root's CRLs (decoded each time) with requireRevocationInfo.
 * Rounds are interleaved; the best round is the headline, the median is printed beside it.
 *
 *   node --import tsx bench/pathValidation.bench.ts
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as peculiar from '@peculiar/x509';
import { decodePemBlocks, toArrayBuffer } from '../lib/src/encoding/index.js';
import { clearTrustCaches, validatePath } from '../lib/src/trust/index.js';

const ROUNDS = 9;
const PER_ROUND = 60;
const TIME = new Date('2026-06-01T00:00:00Z');

const EXT = `
[ root ]
basicConstraints=critical,CA:true
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[ inter ]
basicConstraints=critical,CA:true,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
crlDistributionPoints=URI:http://crl.kyso.test/root.crl
[ leaf ]
basicConstraints=critical,CA:false
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=clientAuth,emailProtection
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
crlDistributionPoints=URI:http://crl.kyso.test/ca.crl
`;
const CA_CONFIG = `
[ ca ]
default_ca = d
[ d ]
database = ./index.txt
serial = ./serial
crlnumber = ./crlnumber
new_certs_dir = .
default_md = sha256
default_crl_days = 30
policy = p
unique_subject = no
[ p ]
countryName = optional
organizationName = optional
commonName = optional
`;

interface Chain {
  label: string;
  leaf: Uint8Array;
  inter: Uint8Array;
  root: Uint8Array;
  crls: Uint8Array[];
}

function makeChain(dir: string, label: string, keyOpts: string[]): Chain {
  const sub = join(dir, label);
  mkdirSync(sub);
  writeFileSync(join(sub, 'index.txt'), '');
  writeFileSync(join(sub, 'crlnumber'), '01\n');
  writeFileSync(join(sub, 'ca.cnf'), CA_CONFIG);
  writeFileSync(join(sub, 'ext.cnf'), EXT);
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: sub, stdio: 'pipe' });
  const read = (f: string) => decodePemBlocks(readFileSync(join(sub, f), 'utf8'))[0]!.der;
  for (const k of ['root', 'inter', 'leaf']) run(['genpkey', ...keyOpts, '-out', `${k}.key`]);
  const issue = (name: string, cn: string, ext: string, issuer?: string) => {
    run([
      'req',
      '-new',
      '-key',
      `${name}.key`,
      '-subj',
      `/C=VN/O=Kyso Bench/CN=${cn}`,
      '-out',
      `${name}.csr`,
    ]);
    const signer = issuer
      ? ['-cert', `${issuer}.crt`, '-keyfile', `${issuer}.key`]
      : ['-selfsign', '-keyfile', `${name}.key`];
    run([
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      ...signer,
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
      '-notext',
      '-rand_serial',
      '-startdate',
      '20250101000000Z',
      '-enddate',
      '20300101000000Z',
      '-extfile',
      'ext.cnf',
      '-extensions',
      ext,
    ]);
  };
  issue('root', `Root ${label}`, 'root');
  issue('inter', `CA ${label}`, 'inter', 'root');
  issue('leaf', `Leaf ${label}`, 'leaf', 'inter');
  const crl = (issuer: string) => {
    run([
      'ca',
      '-gencrl',
      '-config',
      'ca.cnf',
      '-cert',
      `${issuer}.crt`,
      '-keyfile',
      `${issuer}.key`,
      '-crl_lastupdate',
      '20260501000000Z',
      '-crl_nextupdate',
      '20260701000000Z',
      '-out',
      `${issuer}.crl`,
    ]);
    return read(`${issuer}.crl`);
  };
  return {
    label,
    leaf: read('leaf.crt'),
    inter: read('inter.crt'),
    root: read('root.crt'),
    crls: [crl('inter'), crl('root')],
  };
}

type Impl = (c: Chain) => Promise<boolean>;

const kysoCold: Impl = async (c) => {
  clearTrustCaches();
  return (
    await validatePath(c.leaf, {
      intermediates: [c.inter],
      trustAnchors: [c.root],
      time: TIME,
      revocation: { mode: 'off' },
    })
  ).valid;
};

const kyso: Impl = async (c) =>
  (
    await validatePath(c.leaf, {
      intermediates: [c.inter],
      trustAnchors: [c.root],
      time: TIME,
      revocation: { mode: 'off' },
    })
  ).valid;

const kysoCrl: Impl = async (c) =>
  (
    await validatePath(c.leaf, {
      intermediates: [c.inter],
      trustAnchors: [c.root],
      time: TIME,
      revocation: { crls: c.crls, requireRevocationInfo: true },
    })
  ).valid;

const nodeCrypto: Impl = async (c) => {
  const leaf = new NodeX509(Buffer.from(c.leaf));
  const inter = new NodeX509(Buffer.from(c.inter));
  const root = new NodeX509(Buffer.from(c.root));
  const t = TIME.getTime();
  const inTime = (x: NodeX509) => Date.parse(x.validFrom) <= t && t <= Date.parse(x.validTo);
  return (
    leaf.checkIssued(inter) &&
    inter.checkIssued(root) &&
    inter.ca &&
    leaf.verify(inter.publicKey) &&
    inter.verify(root.publicKey) &&
    inTime(leaf) &&
    inTime(inter)
  );
};

const peculiarX509: Impl = async (c) => {
  const leaf = new peculiar.X509Certificate(toArrayBuffer(c.leaf));
  const inter = new peculiar.X509Certificate(toArrayBuffer(c.inter));
  const root = new peculiar.X509Certificate(toArrayBuffer(c.root));
  const chain = await new peculiar.X509ChainBuilder({ certificates: [inter, root] }).build(leaf);
  if (chain.length !== 3) return false;
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!(await chain[i]!.verify({ publicKey: chain[i + 1]!, date: TIME }))) return false;
  }
  return true;
};

async function timeRound(impl: Impl, c: Chain): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < PER_ROUND; i++) if (!(await impl(c))) throw new Error('validation failed in the bench');
  return (performance.now() - start) / PER_ROUND;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-bench-path-'));
  try {
    const chains = [
      makeChain(dir, 'RSA-2048', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']),
      makeChain(dir, 'ECDSA-P256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']),
    ];
    const impls: [string, Impl][] = [
      ['Kyso, cold caches (no revocation)', kysoCold],
      ['Kyso, warm (no revocation)', kyso],
      ['Kyso, warm + 2 CRLs', kysoCrl],
      ['node:crypto X509Certificate', nodeCrypto],
      ['@peculiar/x509 X509ChainBuilder', peculiarX509],
    ];
    for (const c of chains) {
      for (const [, impl] of impls) for (let i = 0; i < 10; i++) await impl(c); // warm-up
      const times = new Map<string, number[]>(impls.map(([n]) => [n, []]));
      for (let r = 0; r < ROUNDS; r++)
        for (const [n, impl] of impls) times.get(n)!.push(await timeRound(impl, c));
      const best = (n: string) => Math.min(...times.get(n)!);
      const nodeBest = best('node:crypto X509Certificate');
      const pecBest = best('@peculiar/x509 X509ChainBuilder');
      console.log(`\n3-level path, ${c.label} (best of ${ROUNDS} rounds × ${PER_ROUND}; median in brackets)`);
      for (const [n] of impls) {
        const b = best(n);
        console.log(
          `  ${n.padEnd(36)} ${b.toFixed(3).padStart(7)} ms/op [${median(times.get(n)!).toFixed(3)}]` +
            `  ×${(b / nodeBest).toFixed(2)} node:crypto  ×${(b / pecBest).toFixed(2)} @peculiar/x509`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
