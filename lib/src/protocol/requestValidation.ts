/**
 * Shape checks shared by the content script, the background and the host:
 * a malformed message is refused with INVALID_REQUEST before it goes further.
 */
import {
  HASH_ALGORITHMS,
  HASH_LENGTHS,
  HOST_METHODS,
  HOST_PROTOCOL_VERSION,
  type HostMethod,
  type HostRequest,
  MAX_DIGESTS_PER_SIGN,
  type PrepareSignParams,
  type ReleaseSignParams,
  SIGNATURE_SCHEMES,
  type SignParams,
} from './hostMessages.js';
import { KysoError } from './kysoError.js';
import { PAGE_METHODS, PAGE_PROTOCOL_VERSION, type PageRequest } from './pageMessages.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_ID_LENGTH = 128;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(message: string): KysoError {
  return new KysoError('INVALID_REQUEST', message);
}

export function base64ByteLength(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - pad;
}

export function isBase64(v: unknown): v is string {
  return typeof v === 'string' && v.length % 4 === 0 && BASE64.test(v);
}

function isValidId(id: unknown): id is string | number {
  return (
    (typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH) ||
    (typeof id === 'number' && Number.isSafeInteger(id))
  );
}

/** Returns the request id if one can be read, so an error reply can name it. */
export function readRequestId(value: unknown): string | number | null {
  return isPlainObject(value) && isValidId(value.id) ? value.id : null;
}

export function validateSignParams(params: unknown): SignParams {
  if (!isPlainObject(params)) throw invalid('sign: params must be an object');
  const { handle, hashAlgorithm, scheme, digests, pin, stream, prepared } = params;
  if (typeof handle !== 'string' || handle.length === 0 || handle.length > 1024)
    throw invalid('sign: handle must be a non-empty string');
  if (!HASH_ALGORITHMS.includes(hashAlgorithm as never))
    throw invalid(`sign: hashAlgorithm must be one of ${HASH_ALGORITHMS.join(', ')}`);
  if (!SIGNATURE_SCHEMES.includes(scheme as never))
    throw invalid(`sign: scheme must be one of ${SIGNATURE_SCHEMES.join(', ')}`);
  if (!Array.isArray(digests) || digests.length === 0)
    throw invalid('sign: digests must be a non-empty array');
  if (digests.length > MAX_DIGESTS_PER_SIGN)
    throw invalid(`sign: at most ${MAX_DIGESTS_PER_SIGN} digests per call`);
  const want = HASH_LENGTHS[hashAlgorithm as keyof typeof HASH_LENGTHS];
  digests.forEach((d, i) => {
    if (!isBase64(d) || base64ByteLength(d) !== want)
      throw invalid(`sign: digests[${i}] must be base64 of ${want} bytes`);
  });
  if (pin !== undefined && (typeof pin !== 'string' || pin.length > 256))
    throw invalid('sign: pin must be a string');
  if (stream !== undefined && typeof stream !== 'boolean') throw invalid('sign: stream must be a boolean');
  if (prepared !== undefined && !isPreparedId(prepared))
    throw invalid(`sign: prepared must be a string of 1 to ${MAX_ID_LENGTH} characters`);
  const out: SignParams = {
    handle,
    hashAlgorithm: hashAlgorithm as SignParams['hashAlgorithm'],
    scheme: scheme as SignParams['scheme'],
    digests: digests as string[],
  };
  if (pin !== undefined) out.pin = pin as string;
  if (stream === true) out.stream = true;
  if (prepared !== undefined) out.prepared = prepared as string;
  return out;
}

function isPreparedId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;
}

/** `prepareSign`: the sign's checks, a `prepared` id, and never a PIN. */
export function validatePrepareSignParams(params: unknown): PrepareSignParams {
  if (!isPlainObject(params)) throw invalid('prepareSign: params must be an object');
  if (params.pin !== undefined) throw invalid('prepareSign: takes no PIN');
  if (!isPreparedId(params.prepared))
    throw invalid(`prepareSign: prepared must be a string of 1 to ${MAX_ID_LENGTH} characters`);
  const { handle, hashAlgorithm, scheme, digests } = validateSignParams({ ...params, prepared: undefined });
  return { prepared: params.prepared, handle, hashAlgorithm, scheme, digests };
}

export function validateReleaseSignParams(params: unknown): ReleaseSignParams {
  if (!isPlainObject(params) || !isPreparedId(params.prepared))
    throw invalid(`releaseSign: prepared must be a string of 1 to ${MAX_ID_LENGTH} characters`);
  return { prepared: params.prepared };
}

/** Validates a host request frame; throws KysoError(INVALID_REQUEST). */
export function validateHostRequest(value: unknown): HostRequest {
  if (!isPlainObject(value)) throw invalid('request must be a JSON object');
  if (value.v !== HOST_PROTOCOL_VERSION) throw invalid(`request.v must be ${HOST_PROTOCOL_VERSION}`);
  if (!isValidId(value.id)) throw invalid('request.id must be a string or an integer');
  if (!HOST_METHODS.includes(value.method as HostMethod))
    throw invalid(`unknown method; expected one of ${HOST_METHODS.join(', ')}`);
  const method = value.method as HostMethod;
  if (value.params !== undefined && !isPlainObject(value.params))
    throw invalid('request.params must be an object');
  if (method === 'sign') {
    return { v: 1, id: value.id, method, params: validateSignParams(value.params) };
  }
  if (method === 'prepareSign')
    return { v: 1, id: value.id, method, params: validatePrepareSignParams(value.params) };
  if (method === 'releaseSign')
    return { v: 1, id: value.id, method, params: validateReleaseSignParams(value.params) };
  return { v: 1, id: value.id, method };
}

/** Validates the envelope of a page request (params are checked by the background). */
export function isPageRequest(value: unknown): value is PageRequest {
  return (
    isPlainObject(value) &&
    value.kyso === PAGE_PROTOCOL_VERSION &&
    typeof value.id === 'string' &&
    value.id.length > 0 &&
    value.id.length <= MAX_ID_LENGTH &&
    PAGE_METHODS.includes(value.method as never) &&
    (value.params === undefined || isPlainObject(value.params))
  );
}
