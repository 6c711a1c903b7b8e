export * from './cmsIssues.js';
export * from './cmsOids.js';
export * from './signCms.js';
export * from './signedDataParser.js';
export {
  type CertificateTrustOptions,
  checkCertificateTrust,
  clearPathResultCache,
  type RevocationStatus,
} from './signerCertificate.js';
export * from './signingCertificateV2.js';
export * from './verifyCms.js';
