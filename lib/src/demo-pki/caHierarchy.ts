/**
 * The demo CA hierarchy, shaped like Vietnam's two PKIs:
 *  - public: DEMO Vietnam National Root CA → DEMO VNPT-CA / Viettel-CA / FPT-CA (licensed CAs);
 *  - government (Ban Cơ yếu Chính phủ style): DEMO RootCA chuyên dùng Chính phủ G2 →
 *    DEMO CA phục vụ các cơ quan Nhà nước G2.
 * Every CA key is RSA-2048 (the real roots are RSA-4096; 2048 keeps generation fast).
 */

import {
  authorityInfoAccess,
  authorityKeyIdentifier,
  basicConstraints,
  certificatePolicies,
  crlDistributionPoints,
  keyUsage,
  subjectKeyIdentifier,
} from './certificateExtensions.js';
import { keyIdentifier, newSerialNumber, parsePublicKeyInfo, signCertificate } from './certificateSigning.js';
import { buildName, caNameAttributes } from './distinguishedName.js';
import { type DemoKeyPair, importSigningKey } from './keyPairs.js';
import { OID } from './oids.js';
import type { DemoCa } from './types.js';

export interface CaDefinition {
  key: string;
  cn: string;
  organization: string;
  unit?: string;
  parent: string | null;
  /** basicConstraints pathLenConstraint. */
  pathLen: number;
  government: boolean;
}

export const CA_DEFINITIONS: readonly CaDefinition[] = [
  {
    key: 'nationalRoot',
    cn: 'DEMO Vietnam National Root CA',
    organization: 'DEMO Trung tâm Chứng thực điện tử quốc gia',
    parent: null,
    pathLen: 1,
    government: false,
  },
  {
    key: 'vnpt',
    cn: 'DEMO VNPT-CA SHA-256',
    organization: 'DEMO VIETNAM POSTS AND TELECOMMUNICATIONS GROUP',
    unit: 'DEMO VNPT-CA Trust Network',
    parent: 'nationalRoot',
    pathLen: 0,
    government: false,
  },
  {
    key: 'viettel',
    cn: 'DEMO Viettel-CA',
    organization: 'DEMO Tập đoàn Công nghiệp - Viễn thông Quân đội',
    parent: 'nationalRoot',
    pathLen: 0,
    government: false,
  },
  {
    key: 'fpt',
    cn: 'DEMO FPT-CA',
    organization: 'DEMO FPT Corporation',
    unit: 'DEMO FPT Information System',
    parent: 'nationalRoot',
    pathLen: 0,
    government: false,
  },
  {
    key: 'governmentRoot',
    cn: 'DEMO RootCA chuyên dùng Chính phủ G2',
    organization: 'Ban Cơ yếu Chính phủ (DEMO)',
    parent: null,
    pathLen: 1,
    government: true,
  },
  {
    key: 'govAgencies',
    cn: 'DEMO CA phục vụ các cơ quan Nhà nước G2',
    organization: 'Ban Cơ yếu Chính phủ (DEMO)',
    parent: 'governmentRoot',
    pathLen: 0,
    government: true,
  },
];

export const DEFAULT_BASE_URL = 'http://localhost:8090/pki';

export function caDefinition(key: string): CaDefinition | undefined {
  return CA_DEFINITIONS.find((d) => d.key === key);
}

/** The demo server endpoints of one CA: /crl/<ca>.crl, /ocsp/<ca>, /crt/<ca>.crt. */
export function caUrls(baseUrl: string, key: string): Pick<DemoCa, 'crlUrl' | 'ocspUrl' | 'caIssuersUrl'> {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    crlUrl: `${base}/crl/${key}.crl`,
    ocspUrl: `${base}/ocsp/${key}`,
    caIssuersUrl: `${base}/crt/${key}.crt`,
  };
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** Validity: roots 25 years, CAs 10 years; both started years ago so expired demo certificates chain. */
function caValidity(def: CaDefinition, now: Date): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(now.getTime() - (def.parent ? 5 : 6) * YEAR);
  const notAfter = new Date(notBefore.getTime() + (def.parent ? 10 : 25) * YEAR);
  return { notBefore, notAfter };
}

/** Issues every CA certificate, roots first. `keys` holds one RSA key pair per CA key. */
export async function buildCas(
  keys: ReadonlyMap<string, DemoKeyPair>,
  now: Date,
  baseUrl: string,
): Promise<DemoCa[]> {
  const out: DemoCa[] = [];
  const byKey = new Map<string, { def: CaDefinition; keyId: Uint8Array; signingKey: CryptoKey }>();
  for (const def of CA_DEFINITIONS) {
    const pair = keys.get(def.key);
    if (!pair) throw new Error(`missing key pair for CA ${def.key}`);
    const spki = parsePublicKeyInfo(pair.publicKey);
    const keyId = await keyIdentifier(spki);
    const signingKey = await importSigningKey(pair.privateKey);
    const parent = def.parent ? byKey.get(def.parent) : undefined;
    if (def.parent && !parent) throw new Error(`parent CA ${def.parent} must precede ${def.key}`);
    const parentDef = parent?.def ?? def;
    const extensions = [
      basicConstraints(true, def.pathLen),
      keyUsage(['digitalSignature', 'keyCertSign', 'cRLSign']),
      subjectKeyIdentifier(keyId),
    ];
    if (parent) {
      const urls = caUrls(baseUrl, parentDef.key);
      extensions.push(
        authorityKeyIdentifier(parent.keyId),
        authorityInfoAccess(urls.ocspUrl, urls.caIssuersUrl),
        crlDistributionPoints(urls.crlUrl),
        certificatePolicies(OID.anyPolicy),
      );
    }
    const certificate = await signCertificate(
      {
        serialNumber: newSerialNumber(),
        issuer: buildName(caNameAttributes(parentDef.cn, parentDef.organization, parentDef.unit)),
        subject: buildName(caNameAttributes(def.cn, def.organization, def.unit)),
        ...caValidity(def, now),
        publicKey: spki,
        extensions,
      },
      parent?.signingKey ?? signingKey,
    );
    byKey.set(def.key, { def, keyId, signingKey });
    out.push({
      key: def.key,
      name: def.cn,
      parent: def.parent,
      certificate,
      privateKey: pair.privateKey,
      ...caUrls(baseUrl, def.key),
    });
  }
  return out;
}
