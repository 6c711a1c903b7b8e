/** Object identifiers used by the demo PKI (standard ones, plus the documented demo policy arc). */

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
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  cRLReason: '2.5.29.21',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  anyPolicy: '2.5.29.32.0',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
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

/**
 * Demo certificate policies. They live under 2.16.704.1.9999, a branch of the Vietnam
 * country arc (2.16.704) that no real CA uses, so they can never be mistaken for a real policy.
 */
export const DEMO_POLICY = {
  /** Public licensed CA, personal certificate (cá nhân). */
  personal: '2.16.704.1.9999.1.1',
  /** Public licensed CA, organization certificate (tổ chức, doanh nghiệp). */
  organization: '2.16.704.1.9999.1.2',
  /** Public licensed CA, person inside an organization (cá nhân thuộc tổ chức). */
  personInOrganization: '2.16.704.1.9999.1.3',
  /** Government specialized PKI (chuyên dùng công vụ), shaped like VGCA's 2.16.704.1.1.1.1.1. */
  government: '2.16.704.1.9999.2.1.1.1.1',
} as const;
