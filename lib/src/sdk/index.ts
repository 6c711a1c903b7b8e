export * from '../protocol/index.js';
export * from './kysoClient.js';
export * from './pageBridge.js';
export * from './sdkErrors.js';
