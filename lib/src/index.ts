export * from './encoding/index.js';
export * from './protocol/index.js';
