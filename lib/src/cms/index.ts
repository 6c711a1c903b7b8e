export * from './cmsOids.js';
export * from './signCms.js';
export * from './signingCertificateV2.js';
