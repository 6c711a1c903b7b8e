export * from './binaryInput.js';
