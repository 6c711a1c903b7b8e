/**
 * Names of the object identifiers a Vietnamese certificate carries. One table per kind, in one place.
 */

/** DN attribute types: short name used in RFC 4514 (or the BouncyCastle-style name), long name. */
export interface AttributeTypeInfo {
  short: string;
  long: string;
  /** True when RFC 4514 §3 lists the short name (others are written as a dotted OID in strict mode). */
  rfc4514: boolean;
  /** Short name in the Windows/.NET rendering, when it has one. */
  windows?: string;
}

export const ATTRIBUTE_TYPES: Readonly<Record<string, AttributeTypeInfo>> = {
  '2.5.4.3': { short: 'CN', long: 'commonName', rfc4514: true, windows: 'CN' },
  '2.5.4.4': { short: 'SURNAME', long: 'surname', rfc4514: false, windows: 'SN' },
  '2.5.4.5': { short: 'SERIALNUMBER', long: 'serialNumber', rfc4514: false, windows: 'SERIALNUMBER' },
  '2.5.4.6': { short: 'C', long: 'countryName', rfc4514: true, windows: 'C' },
  '2.5.4.7': { short: 'L', long: 'localityName', rfc4514: true, windows: 'L' },
  '2.5.4.8': { short: 'ST', long: 'stateOrProvinceName', rfc4514: true, windows: 'S' },
  '2.5.4.9': { short: 'STREET', long: 'streetAddress', rfc4514: true, windows: 'STREET' },
  '2.5.4.10': { short: 'O', long: 'organizationName', rfc4514: true, windows: 'O' },
  '2.5.4.11': { short: 'OU', long: 'organizationalUnitName', rfc4514: true, windows: 'OU' },
  '2.5.4.12': { short: 'T', long: 'title', rfc4514: false, windows: 'T' },
  '2.5.4.13': { short: 'DESCRIPTION', long: 'description', rfc4514: false },
  '2.5.4.17': { short: 'POSTALCODE', long: 'postalCode', rfc4514: false, windows: 'PostalCode' },
  '2.5.4.20': { short: 'TelephoneNumber', long: 'telephoneNumber', rfc4514: false },
  '2.5.4.42': { short: 'GIVENNAME', long: 'givenName', rfc4514: false, windows: 'G' },
  '2.5.4.43': { short: 'INITIALS', long: 'initials', rfc4514: false, windows: 'I' },
  '2.5.4.46': { short: 'DNQUALIFIER', long: 'dnQualifier', rfc4514: false },
  '2.5.4.97': { short: 'organizationIdentifier', long: 'organizationIdentifier', rfc4514: false },
  '0.9.2342.19200300.100.1.1': { short: 'UID', long: 'userId', rfc4514: true },
  '0.9.2342.19200300.100.1.25': { short: 'DC', long: 'domainComponent', rfc4514: true, windows: 'DC' },
  '1.2.840.113549.1.9.1': { short: 'E', long: 'emailAddress', rfc4514: false, windows: 'E' },
};

/** Every label accepted when parsing DN strings, upper-cased, to its OID. */
export const ATTRIBUTE_ALIASES: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [oid, info] of Object.entries(ATTRIBUTE_TYPES)) {
    m.set(info.short.toUpperCase(), oid);
    m.set(info.long.toUpperCase(), oid);
    if (info.windows) m.set(info.windows.toUpperCase(), oid);
  }
  const extra: [string, string][] = [
    ['EMAILADDRESS', '1.2.840.113549.1.9.1'],
    ['EMAIL', '1.2.840.113549.1.9.1'],
    ['S', '2.5.4.8'],
    ['SN', '2.5.4.4'],
    ['G', '2.5.4.42'],
    ['GN', '2.5.4.42'],
    ['TITLE', '2.5.4.12'],
    ['TEL', '2.5.4.20'],
    ['PHONE', '2.5.4.20'],
    ['USERID', '0.9.2342.19200300.100.1.1'],
  ];
  for (const [k, v] of extra) m.set(k, v);
  return m;
})();

export const EXTENDED_KEY_USAGES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.5.5.7.3.17': 'ipsecIKE',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.4.1.311.10.3.12': 'msDocumentSigning',
  '1.3.6.1.4.1.311.20.2.2': 'msSmartcardLogin',
  '1.3.6.1.4.1.311.10.3.4': 'msEncryptingFileSystem',
  '1.3.6.1.4.1.311.10.3.1': 'msCertTrustListSigning',
  '1.2.840.113583.1.1.5': 'adobeAuthenticDocumentsTrust',
  '1.3.6.1.4.1.311.10.3.3': 'msServerGatedCrypto',
  '2.16.840.1.113730.4.1': 'netscapeServerGatedCrypto',
};

export const EXTENSION_NAMES: Readonly<Record<string, string>> = {
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.15': 'keyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.18': 'issuerAltName',
  '2.5.29.19': 'basicConstraints',
  '2.5.29.30': 'nameConstraints',
  '2.5.29.31': 'cRLDistributionPoints',
  '2.5.29.32': 'certificatePolicies',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.36': 'policyConstraints',
  '2.5.29.37': 'extKeyUsage',
  '2.5.29.46': 'freshestCRL',
  '2.5.29.54': 'inhibitAnyPolicy',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
  '1.3.6.1.5.5.7.1.3': 'qcStatements',
  '1.3.6.1.5.5.7.48.1.5': 'ocspNoCheck',
  '2.16.840.1.113730.1.1': 'netscapeCertType',
  '2.16.840.1.113730.1.13': 'netscapeComment',
  '1.3.6.1.4.1.311.20.2': 'msCertificateTemplateName',
  '1.3.6.1.4.1.311.21.7': 'msCertificateTemplate',
  '1.3.6.1.4.1.11129.2.4.2': 'ctPrecertificateScts',
};

export interface SignatureAlgorithmInfo {
  name: string;
  /** The signature scheme family (what kind of key verifies it). */
  family: 'rsa' | 'rsa-pss' | 'ecdsa' | 'dsa' | 'eddsa';
  /** The digest, when the OID fixes it (RSASSA-PSS carries it in its parameters). */
  hash?: 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'MD5';
}

export const SIGNATURE_ALGORITHMS: Readonly<Record<string, SignatureAlgorithmInfo>> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', family: 'rsa', hash: 'MD5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', family: 'rsa', hash: 'SHA-1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', family: 'rsa', hash: 'SHA-224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', family: 'rsa', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', family: 'rsa', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', family: 'rsa', hash: 'SHA-512' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', family: 'rsa-pss' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', family: 'ecdsa', hash: 'SHA-1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', family: 'ecdsa', hash: 'SHA-224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', family: 'ecdsa', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', family: 'ecdsa', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', family: 'ecdsa', hash: 'SHA-512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', family: 'dsa', hash: 'SHA-1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-SHA256', family: 'dsa', hash: 'SHA-256' },
  '1.3.101.112': { name: 'Ed25519', family: 'eddsa' },
  '1.3.101.113': { name: 'Ed448', family: 'eddsa' },
};

export const HASH_ALGORITHMS: Readonly<Record<string, SignatureAlgorithmInfo['hash']>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

export type KeyAlgorithm =
  | 'RSA'
  | 'RSA-PSS'
  | 'EC'
  | 'Ed25519'
  | 'Ed448'
  | 'X25519'
  | 'X448'
  | 'DSA'
  | 'unknown';

export const KEY_ALGORITHMS: Readonly<Record<string, KeyAlgorithm>> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
  '1.2.840.10040.4.1': 'DSA',
};

export const NAMED_CURVES: Readonly<Record<string, { name: string; size: number }>> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', size: 256 },
  '1.3.132.0.34': { name: 'P-384', size: 384 },
  '1.3.132.0.35': { name: 'P-521', size: 521 },
  '1.3.132.0.10': { name: 'secp256k1', size: 256 },
  '1.2.840.10045.3.1.1': { name: 'P-192', size: 192 },
  '1.3.132.0.33': { name: 'P-224', size: 224 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', size: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', size: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', size: 512 },
};

export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

/**
 * Object identifiers referred to by name in code (trust, demo PKI). The tables above map OIDs to names
 * for display; this is the other direction, one place for both.
 */
export const OID = {
  // Distinguished-name attributes
  countryName: '2.5.4.6',
  stateOrProvinceName: '2.5.4.8',
  localityName: '2.5.4.7',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  title: '2.5.4.12',
  commonName: '2.5.4.3',
  telephoneNumber: '2.5.4.20',
  userId: '0.9.2342.19200300.100.1.1',
  emailAddress: '1.2.840.113549.1.9.1',
  // Certificate and CRL extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  anyPolicy: '2.5.29.32.0',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  anyExtendedKeyUsage: '2.5.29.37.0',
  freshestCrl: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  // Access methods and policy qualifiers
  adOcsp: '1.3.6.1.5.5.7.48.1',
  adCaIssuers: '1.3.6.1.5.5.7.48.2',
  qtCps: '1.3.6.1.5.5.7.2.1',
  // Extended key usages
  kpClientAuth: '1.3.6.1.5.5.7.3.2',
  kpEmailProtection: '1.3.6.1.5.5.7.3.4',
  kpOcspSigning: '1.3.6.1.5.5.7.3.9',
  msDocumentSigning: '1.3.6.1.4.1.311.10.3.12',
  msSmartcardLogin: '1.3.6.1.4.1.311.20.2.2',
  // OCSP
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  // Hash algorithms (OCSP CertID)
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;
