/**
 * Certificates: the description (`parseCertificate`), distinguished-name strings and the Vietnamese
 * CA families. See docs/certificates.md.
 */
export type {
  AuthorityInfoAccess,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CertificatePolicy,
  ExtendedKeyUsage,
  GeneralName,
} from './certificateExtensions.js';
export type { StringType } from './directoryString.js';
export {
  attributeShortName,
  attributeValues,
  type DistinguishedName,
  type DnAttribute,
  type DnEqualsOptions,
  type DnParseOptions,
  dnEquals,
  makeAttribute,
  normaliseDnValue,
  parseDistinguishedName,
  type Rdn,
  type Rfc4514Options,
  renderRfc4514,
  renderWindows,
} from './distinguishedName.js';
export {
  CA_FAMILIES,
  type CaKind,
  foldVietnamese,
  type IssuerRecognition,
  recogniseIssuer,
} from './issuerRecognition.js';
export {
  ATTRIBUTE_TYPES,
  type AttributeTypeInfo,
  EXTENDED_KEY_USAGES,
  KEY_USAGE_BITS,
  type KeyAlgorithm,
  type KeyUsageName,
} from './oidNames.js';
export {
  type CertificateDescription,
  type CertificateExtension,
  type CertificateSignatureAlgorithm,
  certificateCacheSize,
  clearCertificateCache,
  type Fingerprints,
  type PublicKeyInfo,
  parseCertificate,
  setCertificateCacheLimit,
} from './parseCertificate.js';
