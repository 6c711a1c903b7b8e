/**
 * @kyso/lib — runs in browsers and Node.
 * Certificates with the Vietnamese profile, path validation and revocation, CMS/CAdES, the
 * origin-bound login token, and the shared protocol. The page SDK is `@kyso/lib/sdk`; the demo
 * PKI (Node) is `@kyso/lib/demo-pki`.
 */
export * from './auth/index.js';
export * from './cert/index.js';
export * from './cms/index.js';
export * from './encoding/index.js';
export * from './identity/index.js';
export { type HttpRevocationFetchOptions, httpRevocationFetch } from './net/revocationFetch.js';
export * from './protocol/index.js';
// Names exported by several modules: the protocol's definition is the public one.
export { HASH_ALGORITHMS, type LocalizedText } from './protocol/index.js';
export {
  buildOcspRequest,
  type CertificateRevocation,
  checkOcspResponse,
  decodeCrl,
  PATH_PROBLEM_CODES,
  type PathProblem,
  type PathProblemCode,
  PathValidationCache,
  type PathValidationCacheOptions,
  type PathValidationCacheStats,
  type PathValidationResult,
  RevocationCache,
  type RevocationFetch,
  type RevocationMode,
  type RevocationOptions,
  type RevocationStatus,
  revocationUrls,
  sharedRevocationCache,
  type ValidatePathOptions,
  validatePath,
} from './trust/index.js';
