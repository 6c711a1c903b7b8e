export * from './doctorReport.js';
export * from './errorCodes.js';
export * from './hostMessages.js';
export * from './kysoError.js';
export * from './pageMessages.js';
export * from './requestValidation.js';
