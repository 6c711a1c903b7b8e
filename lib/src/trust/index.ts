export type { KeyUsageName } from '../cert/oidNames.js';
export { type CrlStatus, checkCrls } from './crlCheck.js';
export { type DecodedCrl, decodeCrl } from './crlDecode.js';
export {
  buildOcspRequest,
  buildOcspRequestWithNonce,
  checkOcspResponse,
  type OcspRequestOptions,
  type OcspStatus,
} from './ocspCheck.js';
export { PATH_PROBLEM_CODES, type PathProblem, type PathProblemCode } from './pathProblems.js';
export {
  DEFAULT_PATH_CACHE_ENTRIES,
  DEFAULT_PATH_CACHE_TTL_MS,
  PathValidationCache,
  type PathValidationCacheOptions,
  type PathValidationCacheStats,
} from './pathValidationCache.js';
export type { PolicySettings } from './policyTree.js';
export { RevocationCache, type RevocationCacheStats, sharedRevocationCache } from './revocationCache.js';
export { type SignatureVerdict, type SignedDataToVerify, verifySignedData } from './signatureCheck.js';
export { clearTrustCaches } from './trustCaches.js';
export { revocationUrls } from './trustCertificate.js';
export {
  type CertificateRevocation,
  type PathValidationResult,
  type RevocationFetch,
  type RevocationMode,
  type RevocationOptions,
  type RevocationStatus,
  type ValidatePathOptions,
  validatePath,
} from './validatePath.js';
