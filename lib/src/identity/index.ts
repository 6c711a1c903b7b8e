export * from './identifierValidators.js';
export * from './provinceCodes.js';
export * from './vietnameseIdentity.js';
