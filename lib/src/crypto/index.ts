export * from './certificateFields.js';
export * from './derWriter.js';
export * from './ecdsaSignature.js';
export * from './hashAlgorithms.js';
export * from './publicKeys.js';
export * from './signatureAlgorithms.js';
