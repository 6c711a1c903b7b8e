/**
 * Extension ⇄ native host protocol, version 1.
 * Framing: 4-byte native-endian length + UTF-8 JSON (see `nativeFraming.ts`).
 */
import type { DoctorResult } from './doctorReport.js';
import type { WireError } from './kysoError.js';

export const HOST_PROTOCOL_VERSION = 1 as const;
/** Browsers refuse host → browser messages above 1 MiB. */
export const HOST_TO_BROWSER_MAX_BYTES = 1024 * 1024;
/** The host refuses browser → host frames above this many bytes. */
export const BROWSER_TO_HOST_MAX_BYTES = 4 * 1024 * 1024;
/** At most this many digests in one `sign` call. */
export const MAX_DIGESTS_PER_SIGN = 1000;

export const HASH_ALGORITHMS = ['SHA-256', 'SHA-384', 'SHA-512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];
export const HASH_LENGTHS: Readonly<Record<HashAlgorithm, number>> = {
  'SHA-256': 32,
  'SHA-384': 48,
  'SHA-512': 64,
};

export const SIGNATURE_SCHEMES = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'ECDSA'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

export const HOST_METHODS = [
  'hello',
  'listTokens',
  'listCertificates',
  'sign',
  'logout',
  'doctor',
  'prepareSign',
  'releaseSign',
] as const;
export type HostMethod = (typeof HOST_METHODS)[number];

export interface ModuleStatus {
  path: string;
  loaded: boolean;
  error?: string;
}

export interface HelloResult {
  version: string;
  protocol: typeof HOST_PROTOCOL_VERSION;
  modules: ModuleStatus[];
}

export interface TokenFlags {
  loginRequired: boolean;
  protectedAuthPath: boolean;
  pinCountLow: boolean;
  pinFinalTry: boolean;
  pinLocked: boolean;
}

export interface TokenInfo {
  module: string;
  slotId: string;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  flags: TokenFlags;
}

export interface ListTokensResult {
  tokens: TokenInfo[];
}

export type KeyType = 'RSA' | 'EC';

export interface TokenCertificate {
  /** Stable opaque handle: module + token serial + CKA_ID. */
  handle: string;
  /** Base64 DER. */
  certificate: string;
  token: Pick<TokenInfo, 'label' | 'serial' | 'manufacturer' | 'model' | 'flags'>;
  keyType: KeyType;
  keySize?: number;
  curve?: string;
  alwaysAuthenticate?: boolean;
}

export interface ListCertificatesResult {
  certificates: TokenCertificate[];
}

export interface SignParams {
  handle: string;
  hashAlgorithm: HashAlgorithm;
  scheme: SignatureScheme;
  /** Base64 digests, each of the length of `hashAlgorithm`. */
  digests: string[];
  /** Absent for tokens with a PIN pad (protected authentication path). */
  pin?: string;
  /**
   * Streamed reply (for batches): each progress event carries the signatures made since the
   * previous one (`SignProgress.signatures`), and the reply only those left (`SignResult.from`).
   * The browser then takes most of a large reply while the token is still signing. A host that
   * does not know this field ignores it and sends every signature in the reply (no `from`).
   */
  stream?: boolean;
  /**
   * The id of a `prepareSign` made for exactly this handle, hash, scheme and digests: the host
   * then only logs in and signs. An id the host does not hold (expired, released, or a host
   * without `prepareSign`) is ignored and the sign runs from the start; a held id prepared for
   * other data is refused (INVALID_REQUEST) and released.
   */
  prepared?: string;
}

/**
 * `prepareSign`: what the host can do before the PIN arrives, for one operation (`prepared`, an
 * id chosen by the caller): find the token, open a session (never logged in), check the request.
 * Never carries a PIN. The prepared session ends with the `sign` that names it (whatever its
 * outcome), with `releaseSign`, with `logout`, after `PREPARED_SIGN_TTL_MS`, or when more than
 * `MAX_PREPARED_SIGNS` are held (the oldest first).
 */
export interface PrepareSignParams {
  prepared: string;
  handle: string;
  hashAlgorithm: HashAlgorithm;
  scheme: SignatureScheme;
  digests: string[];
}

export interface ReleaseSignParams {
  prepared: string;
}

export interface ReleaseSignResult {
  /** False when the host held no such prepared sign (already used, expired or never made). */
  released: boolean;
}

export const PREPARED_SIGN_TTL_MS = 120_000;
export const MAX_PREPARED_SIGNS = 8;

export interface SignResult {
  /** Base64 signatures, in the order of the digests. ECDSA signatures are raw r‖s. */
  signatures: string[];
  /** True when the token's PIN pad was used instead of a PIN. */
  protectedAuthPath?: boolean;
  /**
   * Streamed reply only: index of the first signature in `signatures`; the ones before it came
   * in the progress events.
   */
  from?: number;
}

export interface HostParams {
  hello: Record<string, never> | undefined;
  listTokens: Record<string, never> | undefined;
  listCertificates: Record<string, never> | undefined;
  sign: SignParams;
  logout: Record<string, never> | undefined;
  doctor: Record<string, never> | undefined;
  prepareSign: PrepareSignParams;
  releaseSign: ReleaseSignParams;
}

export interface HostResults {
  hello: HelloResult;
  listTokens: ListTokensResult;
  listCertificates: ListCertificatesResult;
  sign: SignResult;
  logout: Record<string, never>;
  /** The same report as `kyso-host doctor --json`. */
  doctor: DoctorResult;
  prepareSign: Record<string, never>;
  releaseSign: ReleaseSignResult;
}

export interface HostRequest<M extends HostMethod = HostMethod> {
  v: typeof HOST_PROTOCOL_VERSION;
  id: string | number;
  method: M;
  params?: HostParams[M];
}

export type HostReply<M extends HostMethod = HostMethod> =
  | { v: typeof HOST_PROTOCOL_VERSION; id: string | number; result: HostResults[M] }
  | { v: typeof HOST_PROTOCOL_VERSION; id: string | number | null; error: WireError };

export interface HostEvent {
  v: typeof HOST_PROTOCOL_VERSION;
  id: string | number;
  event: string;
  data?: unknown;
}

/**
 * Sent by the host during a `sign` of many digests, at most once every
 * `SIGN_PROGRESS_MS` milliseconds and never for the last digest; the reply follows.
 */
export interface SignProgress {
  done: number;
  total: number;
  /** Streamed sign only: the signatures of digests `done - signatures.length` to `done - 1`. */
  signatures?: string[];
}

export interface HostProgressEvent {
  v: typeof HOST_PROTOCOL_VERSION;
  id: string | number;
  event: 'progress';
  data: SignProgress;
}

export const SIGN_PROGRESS_MS = 50;
