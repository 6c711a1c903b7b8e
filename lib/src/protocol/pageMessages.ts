/**
 * Page ⇄ extension protocol, version 1, carried by `window.postMessage` on the
 * page's own window and relayed by the content script.
 */

import type { HashAlgorithm, SignatureScheme, TokenCertificate } from './hostMessages.js';
import type { WireError } from './kysoError.js';

export const PAGE_PROTOCOL_VERSION = 1 as const;
export const PAGE_METHODS = ['status', 'certificates', 'sign', 'signBatch', 'authenticate'] as const;
export type PageMethod = (typeof PAGE_METHODS)[number];

/** The attribute the content script sets on <html> to announce itself. */
export const EXTENSION_PRESENCE_ATTRIBUTE = 'data-kyso-extension';
/** The event the content script dispatches on `window` when it is ready. */
export const EXTENSION_READY_EVENT = 'kyso:ready';

export interface PageStatusResult {
  extension: string;
  host: string | null;
  protocol: number;
  tokens: number;
}

export interface PageCertificatesResult {
  certificates: Pick<TokenCertificate, 'certificate' | 'keyType' | 'keySize' | 'curve'>[];
}

export interface PageSignParams {
  /** Base64 DER of the certificate to sign with (as returned by `certificates`). */
  certificate: string;
  hashAlgorithm: HashAlgorithm;
  scheme?: SignatureScheme;
  digest: string;
  description: string;
}

export interface PageSignBatchParams {
  certificate: string;
  hashAlgorithm: HashAlgorithm;
  scheme?: SignatureScheme;
  items: { digest: string; description: string }[];
}

export interface PageAuthenticateParams {
  /** Server-issued challenge, base64, at least 32 bytes of entropy. */
  nonce: string;
}

export interface PageRequest {
  kyso: typeof PAGE_PROTOCOL_VERSION;
  id: string;
  method: PageMethod;
  params?: unknown;
}

export type PageReply =
  | { kyso: typeof PAGE_PROTOCOL_VERSION; id: string; ack: true }
  | { kyso: typeof PAGE_PROTOCOL_VERSION; id: string; result: unknown }
  | { kyso: typeof PAGE_PROTOCOL_VERSION; id: string; error: WireError }
  | { kyso: typeof PAGE_PROTOCOL_VERSION; id: string; event: 'progress'; data: unknown };
