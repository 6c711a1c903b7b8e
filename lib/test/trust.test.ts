/**
 * Path validation on OpenSSL-generated hierarchies (RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256/P-384),
 * one case per problem code, several problems at once, path building from an unordered pool,
 * and CRL revocation (CRLs signed here with pkijs).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePemBlocks, encodePem } from '../src/encoding/index.js';
import { KysoError } from '../src/protocol/kysoError.js';
import { decodeCrlCached } from '../src/trust/crlDecode.js';
import {
  buildOcspRequest,
  clearTrustCaches,
  type PathValidationResult,
  RevocationCache,
  revocationUrls,
  validatePath,
} from '../src/trust/index.js';
import { checkPath } from '../src/trust/pathChecks.js';
import { decodeTrustCertificate } from '../src/trust/trustCertificate.js';

const T = new Date('2026-06-01T00:00:00Z');
const CA_DATES = ['20250101000000Z', '20350101000000Z'] as const;
const LEAF_DATES = ['20250601000000Z', '20280601000000Z'] as const;

const EXTENSIONS = `
[ root ]
basicConstraints=critical,CA:true
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[ inter ]
basicConstraints=critical,CA:true,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[ inter_open ]
basicConstraints=critical,CA:true
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[ inter_noca ]
basicConstraints=critical,CA:false
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[ inter_noku ]
basicConstraints=critical,CA:true
keyUsage=critical,digitalSignature
subjectKeyIdentifier=hash
[ inter_nc ]
basicConstraints=critical,CA:true
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
nameConstraints=critical,permitted;email:kyso.test,permitted;DNS:kyso.test,permitted;dirName:nc_dir,excluded;DNS:bad.kyso.test
[ nc_dir ]
C=VN
O=Kyso Test
[ inter_policy ]
basicConstraints=critical,CA:true
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
certificatePolicies=1.3.6.1.4.1.55555.1.1
policyConstraints=requireExplicitPolicy:0
[ leaf ]
basicConstraints=critical,CA:false
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=clientAuth,emailProtection
subjectAltName=email:an@kyso.test
authorityInfoAccess=OCSP;URI:http://ocsp.kyso.test/,caIssuers;URI:http://ca.kyso.test/inter.crt
crlDistributionPoints=URI:http://crl.kyso.test/inter.crl
certificatePolicies=1.3.6.1.4.1.55555.1.1
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[ leaf_crit ]
basicConstraints=critical,CA:false
keyUsage=critical,keyEncipherment
subjectKeyIdentifier=hash
1.2.3.4.5.6=critical,ASN1:NULL
[ leaf_outside ]
basicConstraints=critical,CA:false
keyUsage=critical,digitalSignature
subjectAltName=email:someone@example.com,DNS:www.bad.kyso.test
[ leaf_other_policy ]
basicConstraints=critical,CA:false
keyUsage=critical,digitalSignature
certificatePolicies=1.3.6.1.4.1.55555.1.2
[ ocsp_responder ]
basicConstraints=critical,CA:false
keyUsage=critical,digitalSignature
extendedKeyUsage=OCSPSigning
[ leaf_badext ]
basicConstraints=critical,CA:false
2.5.29.15=critical,DER:05:00
[ leaf_noaki ]
basicConstraints=critical,CA:false
keyUsage=critical,digitalSignature
`;

const CA_CONFIG = `
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = ./index.txt
serial = ./serial
new_certs_dir = ./newcerts
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none
[ policy_any ]
countryName = optional
organizationName = optional
commonName = optional
`;

type KeyKind = 'rsa' | 'rsa-pss' | 'p256' | 'p384' | 'ed25519';

let dir = '';
const pem: Record<string, string> = {};
const der: Record<string, Uint8Array> = {};

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function makeKey(name: string, kind: KeyKind): void {
  const opts: Record<KeyKind, string[]> = {
    rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    'rsa-pss': ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'],
    p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    p384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    ed25519: ['-algorithm', 'ED25519'],
  };
  openssl(['genpkey', ...opts[kind], '-out', `${name}.key`]);
}

interface IssueOptions {
  key: string;
  subject: string;
  ext: string;
  issuer?: string; // name of the issuing certificate (its key has the same name)
  dates?: readonly [string, string];
  md?: string;
  pss?: boolean;
}

function issue(name: string, o: IssueOptions): void {
  openssl(['req', '-new', '-key', `${o.key}.key`, '-subj', o.subject, '-utf8', '-out', `${name}.csr`]);
  const [start, end] = o.dates ?? CA_DATES;
  const signer = o.issuer
    ? ['-cert', `${o.issuer}.crt`, '-keyfile', `${issuerKey[o.issuer]}.key`]
    : ['-selfsign', '-keyfile', `${o.key}.key`];
  const sig = o.pss ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'] : [];
  openssl([
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
    '-utf8',
    '-startdate',
    start,
    '-enddate',
    end,
    '-md',
    o.md ?? 'sha256',
    '-extfile',
    'ext.cnf',
    '-extensions',
    o.ext,
    ...sig,
  ]);
  issuerKey[name] = o.key;
  pem[name] = readFileSync(join(dir, `${name}.crt`), 'utf8');
  der[name] = decodePemBlocks(pem[name]!)[0]!.der;
}
const issuerKey: Record<string, string> = {};

const VN = '/C=VN/O=Kyso Test';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-trust-'));
  mkdirSync(join(dir, 'newcerts'));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  writeFileSync(join(dir, 'ext.cnf'), EXTENSIONS);
  for (const [k, kind] of [
    ['rootKey', 'rsa'],
    ['interKey', 'rsa'],
    ['leafKey', 'rsa'],
    ['otherKey', 'rsa'],
    ['pssKey', 'rsa-pss'],
    ['ecRootKey', 'p384'],
    ['ecKey', 'p256'],
    ['edKey', 'ed25519'],
  ] as const)
    makeKey(k, kind);
  // RSA PKCS#1 v1.5 hierarchy.
  issue('root', { key: 'rootKey', subject: `${VN}/CN=Kyso Test Root RSA`, ext: 'root' });
  issue('inter', { key: 'interKey', subject: `${VN}/CN=Kyso Test CA RSA`, ext: 'inter', issuer: 'root' });
  issue('leaf', {
    key: 'leafKey',
    subject: `${VN}/CN=Nguyễn Văn An`,
    ext: 'leaf',
    issuer: 'inter',
    dates: LEAF_DATES,
  });
  issue('leafRevoked', {
    key: 'leafKey',
    subject: `${VN}/CN=Trần Thị Bình`,
    ext: 'leaf',
    issuer: 'inter',
    dates: LEAF_DATES,
  });
  issue('leafExpired', {
    key: 'leafKey',
    subject: `${VN}/CN=Expired`,
    ext: 'leaf',
    issuer: 'inter',
    dates: ['20250101000000Z', '20260101000000Z'],
  });
  issue('leafNotYet', {
    key: 'leafKey',
    subject: `${VN}/CN=Not Yet`,
    ext: 'leaf',
    issuer: 'inter',
    dates: ['20270101000000Z', '20290101000000Z'],
  });
  issue('leafCritical', {
    key: 'leafKey',
    subject: `${VN}/CN=Critical`,
    ext: 'leaf_crit',
    issuer: 'inter',
    dates: ['20250101000000Z', '20260101000000Z'],
  });
  issue('leafNoAki', {
    key: 'leafKey',
    subject: `${VN}/CN=No AKI`,
    ext: 'leaf_noaki',
    issuer: 'inter',
    dates: LEAF_DATES,
  });
  issue('leafBadExt', {
    key: 'leafKey',
    subject: `${VN}/CN=Bad KU`,
    ext: 'leaf_badext',
    issuer: 'inter',
    dates: LEAF_DATES,
  });
  // Same subject as 'inter', different key: a wrong candidate the builder must get past.
  issue('interOtherKey', {
    key: 'otherKey',
    subject: `${VN}/CN=Kyso Test CA RSA`,
    ext: 'inter',
    issuer: 'root',
  });
  issue('sub', { key: 'otherKey', subject: `${VN}/CN=Kyso Test Sub CA`, ext: 'inter_open', issuer: 'inter' });
  issue('leafUnderSub', {
    key: 'leafKey',
    subject: `${VN}/CN=Deep`,
    ext: 'leaf',
    issuer: 'sub',
    dates: LEAF_DATES,
  });
  issue('interNoCa', { key: 'otherKey', subject: `${VN}/CN=Not A CA`, ext: 'inter_noca', issuer: 'root' });
  issue('leafUnderNoCa', {
    key: 'leafKey',
    subject: `${VN}/CN=Under Not A CA`,
    ext: 'leaf',
    issuer: 'interNoCa',
    dates: LEAF_DATES,
  });
  issue('interNoKu', {
    key: 'otherKey',
    subject: `${VN}/CN=No keyCertSign`,
    ext: 'inter_noku',
    issuer: 'root',
  });
  issue('leafUnderNoKu', {
    key: 'leafKey',
    subject: `${VN}/CN=Under No KU`,
    ext: 'leaf',
    issuer: 'interNoKu',
    dates: LEAF_DATES,
  });
  issue('interNc', { key: 'otherKey', subject: `${VN}/CN=Constrained CA`, ext: 'inter_nc', issuer: 'root' });
  issue('leafNcOk', {
    key: 'leafKey',
    subject: `${VN}/CN=Inside`,
    ext: 'leaf',
    issuer: 'interNc',
    dates: LEAF_DATES,
  });
  issue('leafNcOutside', {
    key: 'leafKey',
    subject: `${VN}/CN=Outside`,
    ext: 'leaf_outside',
    issuer: 'interNc',
    dates: LEAF_DATES,
  });
  issue('leafNcDn', {
    key: 'leafKey',
    subject: '/C=VN/O=Other Org/CN=Elsewhere',
    ext: 'leaf_noaki',
    issuer: 'interNc',
    dates: LEAF_DATES,
  });
  issue('interPolicy', {
    key: 'otherKey',
    subject: `${VN}/CN=Policy CA`,
    ext: 'inter_policy',
    issuer: 'root',
  });
  issue('leafPolicyOk', {
    key: 'leafKey',
    subject: `${VN}/CN=Policy OK`,
    ext: 'leaf',
    issuer: 'interPolicy',
    dates: LEAF_DATES,
  });
  issue('leafPolicyOther', {
    key: 'leafKey',
    subject: `${VN}/CN=Policy Other`,
    ext: 'leaf_other_policy',
    issuer: 'interPolicy',
    dates: LEAF_DATES,
  });
  // RSA-PSS hierarchy: PSS signatures everywhere, an RSA-PSS-only key for the CA.
  issue('pssRoot', { key: 'rootKey', subject: `${VN}/CN=Kyso Test Root PSS`, ext: 'root', pss: true });
  issue('pssInter', {
    key: 'pssKey',
    subject: `${VN}/CN=Kyso Test CA PSS`,
    ext: 'inter',
    issuer: 'pssRoot',
    pss: true,
  });
  issue('pssLeaf', {
    key: 'leafKey',
    subject: `${VN}/CN=PSS Leaf`,
    ext: 'leaf',
    issuer: 'pssInter',
    dates: LEAF_DATES,
    md: 'sha384',
    pss: true,
  });
  // ECDSA hierarchy: P-384 root, P-256 CA and leaf.
  issue('ecRoot', { key: 'ecRootKey', subject: `${VN}/CN=Kyso Test Root EC`, ext: 'root', md: 'sha384' });
  issue('ecInter', {
    key: 'ecKey',
    subject: `${VN}/CN=Kyso Test CA EC`,
    ext: 'inter',
    issuer: 'ecRoot',
    md: 'sha384',
  });
  issue('ecLeaf', {
    key: 'ecKey',
    subject: `${VN}/CN=EC Leaf`,
    ext: 'leaf',
    issuer: 'ecInter',
    dates: LEAF_DATES,
  });
  // Ed25519 root and leaf (one key is enough for the signature check).
  issue('edRoot', { key: 'edKey', subject: `${VN}/CN=Kyso Test Root Ed25519`, ext: 'root', md: 'default' });
  issue('edLeaf', {
    key: 'edKey',
    subject: `${VN}/CN=Ed25519 Leaf`,
    ext: 'leaf_noaki',
    issuer: 'edRoot',
    md: 'default',
    dates: LEAF_DATES,
  });
  // Cross-certificates in both directions between the RSA and the EC roots.
  issue('crossRsaByEc', {
    key: 'rootKey',
    subject: `${VN}/CN=Kyso Test Root RSA`,
    ext: 'inter_open',
    issuer: 'ecRoot',
    md: 'sha384',
  });
  issue('crossEcByRsa', {
    key: 'ecRootKey',
    subject: `${VN}/CN=Kyso Test Root EC`,
    ext: 'inter_open',
    issuer: 'root',
  });
  // OCSP responders for the RSA CA: delegated (id-kp-OCSPSigning) and one without the EKU.
  issue('responder', {
    key: 'otherKey',
    subject: `${VN}/CN=Kyso Test OCSP`,
    ext: 'ocsp_responder',
    issuer: 'inter',
    dates: LEAF_DATES,
  });
  issue('responderNoEku', {
    key: 'otherKey',
    subject: `${VN}/CN=Kyso Test OCSP 2`,
    ext: 'leaf_noaki',
    issuer: 'inter',
    dates: LEAF_DATES,
  });
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function codes(r: PathValidationResult): string[] {
  return r.errors.map((e) => `${e.code}@${e.certIndex ?? '-'}`);
}

const off = { mode: 'off' } as const;

async function privateKey(name: string, alg: RsaHashedImportParams | EcKeyImportParams): Promise<CryptoKey> {
  const block = decodePemBlocks(readFileSync(join(dir, `${name}.key`), 'utf8'))[0]!;
  return crypto.subtle.importKey('pkcs8', block.der.slice().buffer, alg, false, ['sign']);
}

interface CrlSpec {
  issuer: string;
  key: string;
  revoked?: { cert: string; reason?: number; date?: Date }[];
  thisUpdate?: Date;
  nextUpdate?: Date;
}

async function makeCrl(spec: CrlSpec): Promise<Uint8Array> {
  const issuerCert = pkijs.Certificate.fromBER(der[spec.issuer]!.slice().buffer);
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = issuerCert.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: spec.thisUpdate ?? new Date('2026-05-30T00:00:00Z') });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: spec.nextUpdate ?? new Date('2026-06-06T00:00:00Z') });
  crl.revokedCertificates = (spec.revoked ?? []).map((r) => {
    const c = pkijs.Certificate.fromBER(der[r.cert]!.slice().buffer);
    const entry = new pkijs.RevokedCertificate({
      userCertificate: c.serialNumber,
      revocationDate: new pkijs.Time({ type: 0, value: r.date ?? new Date('2026-05-01T00:00:00Z') }),
    });
    if (r.reason !== undefined) {
      entry.crlEntryExtensions = new pkijs.Extensions({
        extensions: [
          new pkijs.Extension({
            extnID: '2.5.29.21',
            extnValue: new asn1js.Enumerated({ value: r.reason }).toBER(false),
          }),
        ],
      });
    }
    return entry;
  });
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [
      new pkijs.Extension({ extnID: '2.5.29.20', extnValue: new asn1js.Integer({ value: 7 }).toBER(false) }),
    ],
  });
  await crl.sign(await privateKey(spec.key, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }), 'SHA-256');
  return new Uint8Array(crl.toSchema().toBER(false));
}

describe('validatePath: valid hierarchies', () => {
  it('accepts an RSA PKCS#1 v1.5 path and returns it leaf → anchor', async () => {
    const r = await validatePath(der.leaf!, {
      intermediates: [pem.inter!],
      trustAnchors: [pem.root!],
      time: T,
      revocation: off,
    });
    expect(codes(r)).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.path).toHaveLength(3);
    expect(r.path[0]).toEqual(der.leaf);
    expect(r.path[2]).toEqual(der.root);
    expect(r.revocation.status).toBe('notChecked');
  });

  it('accepts an RSA-PSS path (PSS parameters, RSA-PSS-only CA key, SHA-384)', async () => {
    const r = await validatePath(pem.pssLeaf!, {
      intermediates: [der.pssInter!],
      trustAnchors: [der.pssRoot!],
      time: T,
      revocation: off,
    });
    expect(codes(r)).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('accepts an ECDSA P-384 → P-256 path', async () => {
    const r = await validatePath(der.ecLeaf!, {
      intermediates: [der.ecInter!],
      trustAnchors: [der.ecRoot!],
      time: T,
      revocation: off,
    });
    expect(codes(r)).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('accepts an Ed25519 path and rejects a tampered one', async () => {
    const r = await validatePath(der.edLeaf!, { trustAnchors: [der.edRoot!], time: T, revocation: off });
    expect(codes(r)).toEqual([]);
    const bad = der.edLeaf!.slice();
    bad[bad.length - 3]! ^= 0x01;
    expect(codes(await validatePath(bad, { trustAnchors: [der.edRoot!], time: T, revocation: off }))).toEqual(
      ['SIGNATURE_INVALID@0'],
    );
  });

  it('accepts a leaf that is itself a trust anchor', async () => {
    const r = await validatePath(der.root!, { trustAnchors: [der.root!], time: T });
    expect(r.valid).toBe(true);
    expect(r.path).toEqual([der.root]);
  });

  it('honours required key usages and extended key usages that the leaf allows', async () => {
    const r = await validatePath(der.leaf!, {
      intermediates: [der.inter!],
      trustAnchors: [der.root!],
      time: T,
      revocation: off,
      requiredKeyUsage: ['digitalSignature', 'nonRepudiation'],
      requiredExtendedKeyUsage: ['1.3.6.1.5.5.7.3.2'],
    });
    expect(r.valid).toBe(true);
  });
});

describe('validatePath: one problem code per case', () => {
  const base = { trustAnchors: [] as Uint8Array[], time: T, revocation: off };
  const run = (leaf: string, inter: string[], extra: object = {}) =>
    validatePath(der[leaf]!, {
      ...base,
      trustAnchors: [der.root!],
      intermediates: inter.map((n) => der[n]!),
      ...extra,
    });

  it('SIGNATURE_INVALID for a tampered signature', async () => {
    const bad = der.leaf!.slice();
    bad[bad.length - 5]! ^= 0xff;
    const r = await validatePath(bad, {
      intermediates: [der.inter!],
      trustAnchors: [der.root!],
      time: T,
      revocation: off,
    });
    expect(codes(r)).toEqual(['SIGNATURE_INVALID@0']);
  });

  it('EXPIRED and NOT_YET_VALID', async () => {
    expect(codes(await run('leafExpired', ['inter']))).toEqual(['EXPIRED@0']);
    expect(codes(await run('leafNotYet', ['inter']))).toEqual(['NOT_YET_VALID@0']);
  });

  it('NOT_A_CA for an issuer without cA=true', async () => {
    expect(codes(await run('leafUnderNoCa', ['interNoCa']))).toEqual(['NOT_A_CA@1']);
  });

  it('KEY_USAGE when an issuer lacks keyCertSign', async () => {
    const r = await run('leafUnderNoKu', ['interNoKu']);
    expect(codes(r)).toEqual(['KEY_USAGE@1']);
    expect(r.errors[0]!.message.vi).toContain('Key Usage');
  });

  it('PATH_LENGTH_EXCEEDED below a pathlen:0 CA', async () => {
    expect(codes(await run('leafUnderSub', ['sub', 'inter']))).toEqual(['PATH_LENGTH_EXCEEDED@1']);
  });

  it('UNKNOWN_CRITICAL_EXTENSION', async () => {
    const r = await validatePath(der.leafCritical!, {
      intermediates: [der.inter!],
      trustAnchors: [der.root!],
      time: new Date('2025-06-01T00:00:00Z'),
      revocation: off,
    });
    expect(codes(r)).toEqual(['UNKNOWN_CRITICAL_EXTENSION@0']);
  });

  it('MALFORMED_CERTIFICATE for an undecodable extension', async () => {
    const r = await run('leafBadExt', ['inter']);
    expect(codes(r)).toEqual(['MALFORMED_CERTIFICATE@0']);
    expect(r.errors[0]!.message.en).toContain('2.5.29.15');
  });

  it('ANCHOR_EXPIRED as a warning beside the expired certificates', async () => {
    const r = await run('leaf', ['inter'], { time: new Date('2036-01-01T00:00:00Z') });
    expect(codes(r)).toEqual(['EXPIRED@0', 'EXPIRED@1']);
    expect(r.warnings.map((w) => `${w.code}@${w.certIndex}`)).toEqual(['ANCHOR_EXPIRED@2']);
  });

  it('NAME_CONSTRAINTS for e-mail, DNS and directory names; none for a name inside', async () => {
    expect(codes(await run('leafNcOk', ['interNc']))).toEqual([]);
    const outside = await run('leafNcOutside', ['interNc']);
    expect(codes(outside)).toEqual(['NAME_CONSTRAINTS@0']);
    expect(outside.errors[0]!.message.en).toContain('someone@example.com not permitted');
    expect(outside.errors[0]!.message.en).toContain('www.bad.kyso.test excluded');
    const dn = await run('leafNcDn', ['interNc']);
    expect(codes(dn)).toEqual(['NAME_CONSTRAINTS@0']);
    expect(dn.errors[0]!.message.en).toContain('directory name not permitted');
  });

  it('POLICY when the CA requires an explicit policy the leaf does not carry', async () => {
    expect(codes(await run('leafPolicyOk', ['interPolicy']))).toEqual([]);
    expect(codes(await run('leafPolicyOther', ['interPolicy']))).toEqual(['POLICY@0']);
  });

  it('POLICY when the caller requires a policy the path does not have', async () => {
    const wanted = { initialPolicySet: ['1.3.6.1.4.1.55555.1.1'], explicitPolicyRequired: true };
    const ok = await run('leafPolicyOk', ['interPolicy'], { policy: wanted });
    expect(ok.valid).toBe(true);
    // The leaf has the policy but its CA has none: no valid policy tree.
    expect(codes(await run('leaf', ['inter'], { policy: wanted }))).toEqual(['POLICY@1']);
    const other = { initialPolicySet: ['1.3.6.1.4.1.55555.9'] };
    expect(codes(await run('leafPolicyOk', ['interPolicy'], { policy: other }))).toEqual(['POLICY@0']);
  });

  it('KEY_USAGE and EXTENDED_KEY_USAGE for usages the leaf does not allow', async () => {
    const r = await run('leaf', ['inter'], {
      requiredKeyUsage: ['keyEncipherment'],
      requiredExtendedKeyUsage: ['1.3.6.1.5.5.7.3.1'],
    });
    expect(codes(r)).toEqual(['KEY_USAGE@0', 'EXTENDED_KEY_USAGE@0']);
  });

  it('NO_PATH when no issuer is known, still checking what it can', async () => {
    const r = await validatePath(der.leafExpired!, { trustAnchors: [der.ecRoot!], time: T, revocation: off });
    expect(codes(r)).toEqual(['EXPIRED@0', 'NO_PATH@0']);
    expect(r.path).toEqual([der.leafExpired]);
    expect(r.revocation.status).toBe('notChecked');
  });

  it('NAME_CHAINING when a path is assembled out of order', async () => {
    const path = ['leaf', 'ecInter', 'root'].map((n) => decodeTrustCertificate(der[n]!));
    const r = await checkPath(path, { time: T });
    expect(r.errors.map((e) => e.code)).toContain('NAME_CHAINING');
    expect(r.errors.map((e) => e.code)).toContain('SIGNATURE_INVALID');
  });

  it('SIGNATURE_ALGORITHM_UNSUPPORTED for an unknown signature algorithm', async () => {
    const cert = pkijs.Certificate.fromBER(der.leaf!.slice().buffer);
    const md5WithRsa = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.4' });
    cert.signatureAlgorithm = md5WithRsa;
    const options = { intermediates: [der.inter!], trustAnchors: [der.root!], time: T, revocation: off };
    // Only the outer field changed: the two algorithm fields differ, which RFC 5280 §4.1.1.2 forbids.
    const mismatched = new Uint8Array(cert.toSchema().toBER(false));
    await expect(validatePath(mismatched, options)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    cert.signature = md5WithRsa;
    const md5 = new Uint8Array(cert.toSchema(true).toBER(false)); // re-encodes tbsCertificate
    const r = await validatePath(md5, options);
    expect(codes(r)).toEqual(['SIGNATURE_ALGORITHM_UNSUPPORTED@0']);
  });
});

describe('validatePath: several problems at once', () => {
  it('lists every reason, not the first', async () => {
    const crl = await makeCrl({
      issuer: 'inter',
      key: 'interKey',
      revoked: [{ cert: 'leafCritical', reason: 1 }],
    });
    const r = await validatePath(der.leafCritical!, {
      intermediates: [der.inter!],
      trustAnchors: [der.root!],
      time: T,
      requiredKeyUsage: ['digitalSignature'],
      revocation: { crls: [crl, await makeCrl({ issuer: 'root', key: 'rootKey' })] },
    });
    expect(r.valid).toBe(false);
    expect(codes(r)).toEqual(['EXPIRED@0', 'UNKNOWN_CRITICAL_EXTENSION@0', 'KEY_USAGE@0', 'REVOKED@0']);
    expect(r.revocation.perCertificate[0]).toMatchObject({
      status: 'revoked',
      source: 'crl',
      reason: 'keyCompromise',
    });
  });

  it('reports problems of the CA and of the leaf together', async () => {
    const r = await validatePath(der.leafUnderNoKu!, {
      intermediates: [der.interNoKu!],
      trustAnchors: [der.root!],
      time: new Date('2030-01-01T00:00:00Z'),
      revocation: off,
    });
    expect(codes(r)).toEqual(['EXPIRED@0', 'KEY_USAGE@1']);
  });
});

describe('path building from an unordered pool', () => {
  it('skips a same-name CA with another key and finds the right one', async () => {
    const r = await validatePath(der.leafNoAki!, {
      intermediates: [der.interOtherKey!, der.ecInter!, der.sub!, der.inter!],
      trustAnchors: [der.ecRoot!, der.root!],
      time: T,
      revocation: off,
    });
    expect(codes(r)).toEqual([]);
    expect(r.path[1]).toEqual(der.inter);
  });

  it('reports the failing candidate when no alternative works', async () => {
    const r = await validatePath(der.leafNoAki!, {
      intermediates: [der.interOtherKey!],
      trustAnchors: [der.root!],
      time: T,
      revocation: off,
    });
    expect(codes(r)).toEqual(['SIGNATURE_INVALID@0']);
  });

  it('accepts PEM bundles and base64 input, ignoring unreadable intermediates with a warning', async () => {
    const bundle = pem.ecInter! + pem.inter!;
    const b64 = Buffer.from(der.leaf!).toString('base64');
    const r = await validatePath(b64, {
      intermediates: [bundle, 'not base64 !!'],
      trustAnchors: [pem.root!],
      time: T,
      revocation: off,
    });
    expect(r.valid).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual([]);
    const r2 = await validatePath(b64, {
      intermediates: [bundle, new Uint8Array([48, 3, 2, 1, 1])],
      trustAnchors: [pem.root!],
      time: T,
      revocation: off,
    });
    expect(r2.valid).toBe(true);
    expect(r2.warnings.map((w) => w.code)).toEqual(['MALFORMED_CERTIFICATE']);
  });

  it('follows a cross-certificate to another anchor', async () => {
    const r = await validatePath(der.leaf!, {
      intermediates: [der.crossEcByRsa!, der.inter!, der.crossRsaByEc!],
      trustAnchors: [der.ecRoot!],
      time: T,
      revocation: off,
    });
    expect(codes(r)).toEqual([]);
    expect(r.path).toEqual([der.leaf, der.inter, der.crossRsaByEc, der.ecRoot]);
  });

  it('terminates on cross-certificate loops', async () => {
    // RSA root ↔ EC root cross-certified, but the only anchor is unrelated.
    const r = await validatePath(der.leaf!, {
      intermediates: [der.crossEcByRsa!, der.inter!, der.crossRsaByEc!],
      trustAnchors: [der.pssRoot!],
      time: T,
      revocation: off,
    });
    expect(r.valid).toBe(false);
    expect(codes(r)).toEqual(['NO_PATH@3']);
    expect(r.path).toEqual([der.leaf, der.inter, der.crossRsaByEc, der.crossEcByRsa]);
  });

  it('caches decoded certificates by exact content, never by array identity', async () => {
    const leaf = der.leaf!.slice();
    const opts = { intermediates: [der.inter!], trustAnchors: [der.root!], time: T, revocation: off };
    expect((await validatePath(leaf, opts)).valid).toBe(true);
    leaf[leaf.length - 5]! ^= 0xff; // the caller reuses its buffer
    expect(codes(await validatePath(leaf, opts))).toEqual(['SIGNATURE_INVALID@0']);
    leaf[leaf.length - 5]! ^= 0xff;
    clearTrustCaches();
    expect((await validatePath(leaf, opts)).valid).toBe(true);
  });

  it('throws a typed error for input that is not a certificate', async () => {
    await expect(
      validatePath(new Uint8Array([1, 2, 3]), { trustAnchors: [der.root!] }),
    ).rejects.toBeInstanceOf(KysoError);
    await expect(validatePath(der.leaf!, { trustAnchors: [] })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('extracts OCSP, CRL and CA-issuer URLs', () => {
    expect(revocationUrls(der.leaf!)).toEqual({
      ocsp: ['http://ocsp.kyso.test/'],
      crl: ['http://crl.kyso.test/inter.crl'],
      caIssuers: ['http://ca.kyso.test/inter.crt'],
    });
  });
});

describe('revocation from CRLs', () => {
  it('good, revoked and unknown (warning unless required)', async () => {
    const interCrl = await makeCrl({
      issuer: 'inter',
      key: 'interKey',
      revoked: [{ cert: 'leafRevoked', reason: 6 }],
    });
    const rootCrl = await makeCrl({ issuer: 'root', key: 'rootKey' });
    const opts = { intermediates: [der.inter!], trustAnchors: [der.root!], time: T };

    const good = await validatePath(der.leaf!, {
      ...opts,
      revocation: { crls: [interCrl, encodePem('X509 CRL', rootCrl)] },
    });
    expect(good.valid).toBe(true);
    expect(good.revocation.status).toBe('good');
    expect(good.revocation.perCertificate.map((p) => p.status)).toEqual(['good', 'good', 'notChecked']);

    const revoked = await validatePath(der.leafRevoked!, {
      ...opts,
      revocation: { crls: [interCrl, rootCrl] },
    });
    expect(codes(revoked)).toEqual(['REVOKED@0']);
    expect(revoked.revocation.status).toBe('revoked');
    expect(revoked.revocation.perCertificate[0]).toMatchObject({ reason: 'certificateHold', source: 'crl' });
    expect(revoked.revocation.perCertificate[0]!.revokedAt?.toISOString()).toBe('2026-05-01T00:00:00.000Z');

    const unknown = await validatePath(der.leaf!, { ...opts, revocation: { crls: [rootCrl] } });
    expect(unknown.valid).toBe(true);
    expect(unknown.revocation.status).toBe('unknown');
    expect(unknown.warnings.map((w) => `${w.code}@${w.certIndex}`)).toEqual(['REVOCATION_UNKNOWN@0']);
    expect(unknown.warnings[0]!.message.vi).toContain('Không kiểm tra được trạng thái thu hồi');

    const required = await validatePath(der.leaf!, {
      ...opts,
      revocation: { crls: [rootCrl], requireRevocationInfo: true },
    });
    expect(codes(required)).toEqual(['REVOCATION_UNKNOWN@0']);
  });

  it('default settings warn that revocation was not checked rather than staying silent', async () => {
    const r = await validatePath(der.leaf!, {
      intermediates: [der.inter!],
      trustAnchors: [der.root!],
      time: T,
    });
    expect(r.valid).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['REVOCATION_UNKNOWN', 'REVOCATION_UNKNOWN']);
  });

  it('ignores stale CRLs, CRLs signed by the wrong key and revocations after the validation time', async () => {
    const opts = { intermediates: [der.inter!], trustAnchors: [der.root!], time: T };
    const rootCrl = await makeCrl({ issuer: 'root', key: 'rootKey' });
    const stale = await makeCrl({
      issuer: 'inter',
      key: 'interKey',
      revoked: [{ cert: 'leafRevoked' }],
      thisUpdate: new Date('2026-01-01T00:00:00Z'),
      nextUpdate: new Date('2026-02-01T00:00:00Z'),
    });
    const r1 = await validatePath(der.leafRevoked!, { ...opts, revocation: { crls: [stale, rootCrl] } });
    expect(r1.revocation.perCertificate[0]!.status).toBe('unknown');
    expect(r1.warnings[0]!.message.en).toContain('CRL out of date');

    const forged = await makeCrl({ issuer: 'inter', key: 'otherKey', revoked: [{ cert: 'leaf' }] });
    const r2 = await validatePath(der.leaf!, { ...opts, revocation: { crls: [forged, rootCrl] } });
    expect(r2.revocation.perCertificate[0]!.status).toBe('unknown');
    expect(r2.warnings[0]!.message.en).toContain('signer not acceptable');
    // A forged "nothing revoked" CRL listed first cannot mask the genuine one.
    const genuine = await makeCrl({ issuer: 'inter', key: 'interKey', revoked: [{ cert: 'leafRevoked' }] });
    const forgedEmpty = await makeCrl({ issuer: 'inter', key: 'otherKey' });
    const masked = await validatePath(der.leafRevoked!, {
      ...opts,
      revocation: { crls: [forgedEmpty, genuine, rootCrl] },
    });
    expect(codes(masked)).toEqual(['REVOKED@0']);

    // Validating at a past time T with CRLs issued after T: later evidence counts, dated entries decide.
    const later = (date: string) =>
      makeCrl({
        issuer: 'inter',
        key: 'interKey',
        revoked: [{ cert: 'leafRevoked', date: new Date(date) }],
        thisUpdate: new Date('2026-06-20T00:00:00Z'),
        nextUpdate: new Date('2026-07-20T00:00:00Z'),
      });
    const r3 = await validatePath(der.leafRevoked!, {
      ...opts,
      revocation: { crls: [await later('2026-06-10T00:00:00Z'), rootCrl] },
    });
    expect(r3.valid).toBe(true);
    expect(r3.revocation.status).toBe('good');
    const r4 = await validatePath(der.leafRevoked!, {
      ...opts,
      revocation: { crls: [await later('2026-05-20T00:00:00Z'), rootCrl] },
    });
    expect(codes(r4)).toEqual(['REVOKED@0']);
  });

  it('decodes each CRL once by content: same bytes share a decoding, changed bytes do not', async () => {
    const crl = await makeCrl({ issuer: 'inter', key: 'interKey', revoked: [{ cert: 'leafRevoked' }] });
    const a = await decodeCrlCached(crl);
    expect(a).toBeDefined();
    expect(await decodeCrlCached(crl.slice())).toBe(a);
    expect(await decodeCrlCached(encodePem('X509 CRL', crl))).toBe(a);
    const changed = crl.slice();
    changed[changed.length - 3]! ^= 0xff; // inside the signature: still a CRL, but another one
    const b = await decodeCrlCached(changed);
    expect(b).toBeDefined();
    expect(b).not.toBe(a);
    expect(await decodeCrlCached('not a CRL')).toBeUndefined();
    // The changed CRL no longer verifies, so the revocation it lists is not believed.
    const r = await validatePath(der.leafRevoked!, {
      intermediates: [der.inter!],
      trustAnchors: [der.root!],
      time: T,
      revocation: { crls: [changed, await makeCrl({ issuer: 'root', key: 'rootKey' })] },
    });
    expect(r.revocation.perCertificate[0]!.status).toBe('unknown');
  });

  it('detects a revoked intermediate', async () => {
    const interCrl = await makeCrl({ issuer: 'inter', key: 'interKey' });
    const rootCrl = await makeCrl({
      issuer: 'root',
      key: 'rootKey',
      revoked: [{ cert: 'inter', reason: 2 }],
    });
    const r = await validatePath(der.leaf!, {
      intermediates: [der.inter!],
      trustAnchors: [der.root!],
      time: T,
      revocation: { crls: [interCrl, rootCrl] },
    });
    expect(codes(r)).toContain('REVOKED@1');
    expect(r.revocation.perCertificate[1]).toMatchObject({ status: 'revoked', reason: 'cACompromise' });
  });
});

interface OcspSpec {
  cert: string;
  status: 'good' | 'revoked' | 'unknown';
  /** Responder certificate name when delegated; the CA ('inter') otherwise. */
  responder?: string;
  /** Key that signs (defaults to the responder's). */
  signKey?: string;
  thisUpdate?: Date;
  nextUpdate?: Date;
  nonce?: Uint8Array;
  byKey?: boolean;
}

async function makeOcsp(spec: OcspSpec): Promise<Uint8Array> {
  const issuer = pkijs.Certificate.fromBER(der.inter!.slice().buffer);
  const cert = pkijs.Certificate.fromBER(der[spec.cert]!.slice().buffer);
  const responderName = spec.responder ?? 'inter';
  const responder = pkijs.Certificate.fromBER(der[responderName]!.slice().buffer);
  const basic = new pkijs.BasicOCSPResponse();
  if (spec.byKey) {
    const keyHash = await crypto.subtle.digest(
      'SHA-1',
      responder.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView.slice(),
    );
    basic.tbsResponseData.responderID = new asn1js.OctetString({ valueHex: keyHash });
  } else {
    basic.tbsResponseData.responderID = responder.subject;
  }
  basic.tbsResponseData.producedAt = spec.thisUpdate ?? new Date('2026-05-31T12:00:00Z');
  const single = new pkijs.SingleResponse();
  single.certID = await pkijs.CertID.create(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
  if (spec.status === 'good')
    single.certStatus = new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  else if (spec.status === 'unknown')
    single.certStatus = new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
  else
    single.certStatus = new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 1 },
      value: [
        new asn1js.GeneralizedTime({ valueDate: new Date('2026-04-15T08:00:00Z') }),
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 0 },
          value: [new asn1js.Enumerated({ value: 1 })],
        }),
      ],
    });
  single.thisUpdate = spec.thisUpdate ?? new Date('2026-05-31T12:00:00Z');
  single.nextUpdate = spec.nextUpdate ?? new Date('2026-06-07T12:00:00Z');
  basic.tbsResponseData.responses.push(single);
  if (spec.nonce) {
    basic.tbsResponseData.responseExtensions = [
      new pkijs.Extension({
        extnID: '1.3.6.1.5.5.7.48.1.2',
        extnValue: new asn1js.OctetString({ valueHex: spec.nonce.slice().buffer }).toBER(false),
      }),
    ];
  }
  if (spec.responder) basic.certs = [responder];
  const signKey = spec.signKey ?? issuerKey[responderName]!;
  await basic.sign(await privateKey(signKey, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }), 'SHA-256');
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: '1.3.6.1.5.5.7.48.1.1',
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}

describe('revocation from OCSP', () => {
  const base = () => ({ intermediates: [der.inter!], trustAnchors: [der.root!], time: T });
  let rootCrl: Uint8Array;
  beforeAll(async () => {
    rootCrl = await makeCrl({ issuer: 'root', key: 'rootKey' });
  });

  it('stapled good response from the CA; the CA itself checked by CRL', async () => {
    const r = await validatePath(der.leaf!, {
      ...base(),
      revocation: { ocspResponses: [await makeOcsp({ cert: 'leaf', status: 'good' })], crls: [rootCrl] },
    });
    expect(codes(r)).toEqual([]);
    expect(r.revocation.status).toBe('good');
    expect(r.revocation.perCertificate[0]).toEqual({ status: 'good', source: 'ocsp' });
    expect(r.revocation.perCertificate[1]).toEqual({ status: 'good', source: 'crl' });
  });

  it('revoked response with time and reason', async () => {
    const r = await validatePath(der.leaf!, {
      ...base(),
      revocation: {
        ocspResponses: [await makeOcsp({ cert: 'leaf', status: 'revoked', byKey: true })],
        crls: [rootCrl],
      },
    });
    expect(codes(r)).toEqual(['REVOKED@0']);
    expect(r.revocation.perCertificate[0]).toMatchObject({
      status: 'revoked',
      source: 'ocsp',
      reason: 'keyCompromise',
    });
    expect(r.revocation.perCertificate[0]!.revokedAt?.toISOString()).toBe('2026-04-15T08:00:00.000Z');
  });

  it('unknown response: a warning in OCSP-only mode, CRL fallback in ocsp-then-crl', async () => {
    const unknown = await makeOcsp({ cert: 'leaf', status: 'unknown' });
    const only = await validatePath(der.leaf!, {
      ...base(),
      revocation: { mode: 'ocsp', ocspResponses: [unknown] },
    });
    expect(only.valid).toBe(true);
    expect(only.revocation.perCertificate[0]!.status).toBe('unknown');
    expect(only.warnings[0]!.message.en).toContain('does not know the certificate');
    const interCrl = await makeCrl({ issuer: 'inter', key: 'interKey' });
    const fallback = await validatePath(der.leaf!, {
      ...base(),
      revocation: { ocspResponses: [unknown], crls: [interCrl, rootCrl] },
    });
    expect(fallback.revocation.perCertificate[0]).toEqual({ status: 'good', source: 'crl' });
    expect(fallback.warnings).toEqual([]);
  });

  it('a response checked once is not trusted blindly later: time checks rerun, a tampered copy fails', async () => {
    const stapled = await makeOcsp({ cert: 'leaf', status: 'revoked', responder: 'responder' });
    const at = (time: Date) =>
      validatePath(der.leaf!, { ...base(), time, revocation: { mode: 'ocsp', ocspResponses: [stapled] } });
    expect(codes(await at(T))).toEqual(['REVOKED@0']);
    // Same bytes (the memo of the parsed, signature-checked response is hit), after nextUpdate.
    const stale = await at(new Date('2026-06-09T12:00:00Z'));
    expect(stale.revocation.perCertificate[0]!.status).toBe('unknown');
    expect(stale.warnings.map((w) => w.message.en).join(' ')).toContain('out of date');
    expect(codes(await at(T))).toEqual(['REVOKED@0']);
    const tampered = stapled.slice();
    tampered[tampered.length - 5]! ^= 0x01;
    const forged = await validatePath(der.leaf!, {
      ...base(),
      revocation: { mode: 'ocsp', ocspResponses: [tampered] },
    });
    expect(forged.revocation.perCertificate[0]!.status).toBe('unknown');
  });

  it('accepts a delegated responder with id-kp-OCSPSigning, not one without', async () => {
    const ok = await validatePath(der.leaf!, {
      ...base(),
      revocation: {
        mode: 'ocsp',
        ocspResponses: [await makeOcsp({ cert: 'leaf', status: 'revoked', responder: 'responder' })],
      },
    });
    expect(codes(ok)).toEqual(['REVOKED@0']);
    const noEku = await validatePath(der.leaf!, {
      ...base(),
      revocation: {
        mode: 'ocsp',
        ocspResponses: [await makeOcsp({ cert: 'leaf', status: 'revoked', responder: 'responderNoEku' })],
      },
    });
    expect(noEku.valid).toBe(true);
    expect(noEku.warnings[0]!.message.en).toContain('lacks id-kp-OCSPSigning');
  });

  it('rejects a forged signature, a stale response and a response for another certificate', async () => {
    const forged = await makeOcsp({ cert: 'leaf', status: 'good', signKey: 'otherKey' });
    const stale = await makeOcsp({
      cert: 'leaf',
      status: 'good',
      thisUpdate: new Date('2026-05-01T00:00:00Z'),
      nextUpdate: new Date('2026-05-08T00:00:00Z'),
    });
    const other = await makeOcsp({ cert: 'leafRevoked', status: 'good' });
    const day = 86_400_000;
    const future = await makeOcsp({
      cert: 'leaf',
      status: 'good',
      thisUpdate: new Date(Date.now() + day),
      nextUpdate: new Date(Date.now() + 8 * day),
    });
    for (const [response, detail] of [
      [forged, 'signature invalid'],
      [stale, 'out of date'],
      [other, 'does not cover'],
      [future, 'from the future'],
    ] as const) {
      const r = await validatePath(der.leaf!, {
        ...base(),
        revocation: { mode: 'ocsp', ocspResponses: [response], requireRevocationInfo: true },
      });
      expect(codes(r)).toEqual(['REVOCATION_UNKNOWN@0', 'REVOCATION_UNKNOWN@1']);
      expect(r.errors[0]!.message.en).toContain(detail);
    }
  });

  it('fetches through the injected fetcher, checks the nonce, and caches until nextUpdate', async () => {
    const cache = new RevocationCache();
    const calls: string[] = [];
    let echoNonce = true;
    const fetcher = async (
      url: string,
      init?: { method?: string; headers?: Record<string, string>; body?: Uint8Array },
    ) => {
      calls.push(`${init?.method} ${url}`);
      if (url.startsWith('http://ocsp.')) {
        expect(init?.headers?.['content-type']).toBe('application/ocsp-request');
        const request = pkijs.OCSPRequest.fromBER(init!.body!.slice().buffer);
        const reqCert = request.tbsRequest.requestList[0]!.reqCert;
        const leafSerial = pkijs.Certificate.fromBER(der.leaf!.slice().buffer).serialNumber;
        expect(reqCert.serialNumber.isEqual(leafSerial)).toBe(true);
        const nonceExt = request.tbsRequest.requestExtensions?.find(
          (e) => e.extnID === '1.3.6.1.5.5.7.48.1.2',
        );
        const sent = nonceExt
          ? new Uint8Array(
              (asn1js.fromBER(nonceExt.extnValue.valueBlock.valueHexView).result as asn1js.OctetString)
                .valueBlock.valueHexView,
            )
          : undefined;
        const nonce = sent && !echoNonce ? new Uint8Array(sent.length).fill(7) : sent;
        // Cached until nextUpdate on the real clock.
        const nextUpdate = new Date(Date.now() + 7 * 86_400_000);
        return makeOcsp(
          nonce
            ? { cert: 'leaf', status: 'good', nonce, nextUpdate }
            : { cert: 'leaf', status: 'good', nextUpdate },
        );
      }
      if (url === 'http://crl.kyso.test/inter.crl') return makeCrl({ issuer: 'inter', key: 'interKey' });
      throw new Error(`unexpected ${url}`);
    };
    const opts = { ...base(), revocation: { fetch: fetcher, cache, crls: [rootCrl], ocspNonce: true } };
    const first = await validatePath(der.leaf!, opts);
    expect(first.revocation.perCertificate[0]).toEqual({ status: 'good', source: 'ocsp' });
    expect(calls).toEqual(['POST http://ocsp.kyso.test/']);
    const second = await validatePath(der.leaf!, opts);
    expect(second.revocation.perCertificate[0]).toEqual({ status: 'good', source: 'ocsp' });
    expect(calls).toHaveLength(1);
    expect(cache.stats.hits).toBe(1);

    cache.clear();
    echoNonce = false;
    const badNonce = await validatePath(der.leaf!, opts);
    expect(badNonce.revocation.perCertificate[0]).toEqual({ status: 'good', source: 'crl' });
    expect(calls).toEqual([
      'POST http://ocsp.kyso.test/',
      'POST http://ocsp.kyso.test/',
      'GET http://crl.kyso.test/inter.crl',
    ]);
  });

  it('reports an unreachable responder as unknown, an error when revocation info is required', async () => {
    const fetcher = async () => {
      throw new Error('offline');
    };
    const cache = new RevocationCache();
    const warn = await validatePath(der.leaf!, {
      ...base(),
      revocation: { mode: 'ocsp', fetch: fetcher, cache },
    });
    expect(warn.valid).toBe(true);
    expect(warn.warnings[0]!.message.en).toContain('unreachable');
    const strict = await validatePath(der.leaf!, {
      ...base(),
      revocation: { mode: 'ocsp', fetch: fetcher, cache, requireRevocationInfo: true },
    });
    expect(codes(strict)).toEqual(['REVOCATION_UNKNOWN@0', 'REVOCATION_UNKNOWN@1']);
  });

  it('builds OCSP requests that OpenSSL reads', async () => {
    const request = await buildOcspRequest(pem.leaf!, pem.inter!);
    writeFileSync(join(dir, 'req.der'), request);
    const text = execFileSync('openssl', ['ocsp', '-reqin', join(dir, 'req.der'), '-req_text'], {
      encoding: 'utf8',
    });
    const serial = pkijs.Certificate.fromBER(der.leaf!.slice().buffer).serialNumber.valueBlock.valueHexView;
    const hex = Buffer.from(serial).toString('hex').toUpperCase().replace(/^00/, '');
    expect(text).toContain(`Serial Number: ${hex}`);
    expect(text).toContain('Hash Algorithm: sha1');
    const expected = await pkijs.CertID.create(pkijs.Certificate.fromBER(der.leaf!.slice().buffer), {
      hashAlgorithm: 'SHA-1',
      issuerCertificate: pkijs.Certificate.fromBER(der.inter!.slice().buffer),
    });
    const parsed = pkijs.OCSPRequest.fromBER(request.slice().buffer);
    expect(parsed.tbsRequest.requestList[0]!.reqCert.isEqual(expected)).toBe(true);
  });
});

describe('RevocationCache', () => {
  it('expires entries at their nextUpdate and evicts the oldest beyond its size', () => {
    const cache = new RevocationCache(2);
    const now = new Date('2026-06-01T00:00:00Z');
    cache.set('a', new Uint8Array([1]), new Date('2026-06-02T00:00:00Z'), now);
    cache.set('b', new Uint8Array([2]), undefined, now);
    expect(cache.get('a', now)).toEqual(new Uint8Array([1]));
    expect(cache.get('a', new Date('2026-06-03T00:00:00Z'))).toBeUndefined();
    expect(cache.get('b', new Date('2026-06-01T00:10:00Z'))).toBeUndefined();
    cache.set('c', new Uint8Array([3]), new Date('2026-06-02T00:00:00Z'), now);
    cache.set('d', new Uint8Array([4]), new Date('2026-06-02T00:00:00Z'), now);
    cache.set('e', new Uint8Array([5]), new Date('2026-06-02T00:00:00Z'), now);
    expect(cache.size).toBe(2);
    expect(cache.get('c', now)).toBeUndefined();
    cache.set('past', new Uint8Array([6]), new Date('2026-05-01T00:00:00Z'), now);
    expect(cache.get('past', now)).toBeUndefined();
    expect(cache.stats).toEqual({ hits: 1, misses: 4 });
  });
});
