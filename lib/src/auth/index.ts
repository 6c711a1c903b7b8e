export * from './authToken.js';
export * from './authTokenAlgorithms.js';
export * from './authTokenDigest.js';
export * from './authTokenErrors.js';
export * from './createAuthToken.js';
export * from './loginOrigin.js';
export * from './nonceStore.js';
export * from './verifyAuthToken.js';
