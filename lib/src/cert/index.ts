export * from './certificateExtensions.js';
export type { StringType } from './directoryString.js';
export * from './distinguishedName.js';
export * from './issuerRecognition.js';
export * from './oidNames.js';
export * from './parseCertificate.js';
