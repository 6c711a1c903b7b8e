/**
 * Checks the params of each page method before anything reaches the host.
 * The envelope was already checked by the content script (`isPageRequest`).
 */
import {
  base64ByteLength,
  HASH_ALGORITHMS,
  HASH_LENGTHS,
  type HashAlgorithm,
  isBase64,
  KysoError,
  MAX_DIGESTS_PER_SIGN,
  type PageAuthenticateParams,
  type PageMethod,
  type PageSignBatchParams,
  type PageSignParams,
  SIGNATURE_SCHEMES,
  type SignatureScheme,
} from '../../../lib/src/protocol/index.js';

const MAX_DESCRIPTION = 500;
const MAX_CERTIFICATE_B64 = 16_384;

function invalid(message: string): KysoError {
  return new KysoError('INVALID_REQUEST', message);
}

function obj(params: unknown, method: string): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw invalid(`${method}: params must be an object`);
  return params as Record<string, unknown>;
}

function certificate(v: unknown, method: string): string {
  if (!isBase64(v) || v.length === 0 || v.length > MAX_CERTIFICATE_B64)
    throw invalid(`${method}: certificate must be base64 DER`);
  return v;
}

function hashAlgorithm(v: unknown, method: string): HashAlgorithm {
  if (!HASH_ALGORITHMS.includes(v as HashAlgorithm))
    throw invalid(`${method}: hashAlgorithm must be one of ${HASH_ALGORITHMS.join(', ')}`);
  return v as HashAlgorithm;
}

function scheme(v: unknown, method: string): SignatureScheme | undefined {
  if (v === undefined) return undefined;
  if (!SIGNATURE_SCHEMES.includes(v as SignatureScheme))
    throw invalid(`${method}: scheme must be one of ${SIGNATURE_SCHEMES.join(', ')}`);
  return v as SignatureScheme;
}

function description(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > MAX_DESCRIPTION)
    throw invalid(
      `${where}: description must be a non-empty string of at most ${MAX_DESCRIPTION} characters`,
    );
  return v;
}

function digest(v: unknown, alg: HashAlgorithm, where: string): string {
  if (!isBase64(v) || base64ByteLength(v) !== HASH_LENGTHS[alg])
    throw invalid(`${where}: digest must be base64 of ${HASH_LENGTHS[alg]} bytes (${alg})`);
  return v;
}

export function validateSign(params: unknown): PageSignParams {
  const p = obj(params, 'sign');
  const alg = hashAlgorithm(p.hashAlgorithm, 'sign');
  const out: PageSignParams = {
    certificate: certificate(p.certificate, 'sign'),
    hashAlgorithm: alg,
    digest: digest(p.digest, alg, 'sign'),
    description: description(p.description, 'sign'),
  };
  const s = scheme(p.scheme, 'sign');
  if (s) out.scheme = s;
  return out;
}

export function validateSignBatch(params: unknown): PageSignBatchParams {
  const p = obj(params, 'signBatch');
  const alg = hashAlgorithm(p.hashAlgorithm, 'signBatch');
  if (!Array.isArray(p.items) || p.items.length === 0 || p.items.length > MAX_DIGESTS_PER_SIGN)
    throw invalid(`signBatch: items must hold 1 to ${MAX_DIGESTS_PER_SIGN} entries`);
  const items = p.items.map((item, i) => {
    const it = obj(item, `signBatch.items[${i}]`);
    return {
      digest: digest(it.digest, alg, `signBatch.items[${i}]`),
      description: description(it.description, `signBatch.items[${i}]`),
    };
  });
  const out: PageSignBatchParams = {
    certificate: certificate(p.certificate, 'signBatch'),
    hashAlgorithm: alg,
    items,
  };
  const s = scheme(p.scheme, 'signBatch');
  if (s) out.scheme = s;
  return out;
}

export function validateAuthenticate(params: unknown): PageAuthenticateParams {
  const p = obj(params, 'authenticate');
  if (!isBase64(p.nonce) || base64ByteLength(p.nonce) < 32 || p.nonce.length > 128)
    throw invalid('authenticate: nonce must be base64 of at least 32 bytes (at most 128 characters)');
  return { nonce: p.nonce };
}

/** Methods that take no params must not receive any that matter; anything else is refused. */
export function validateParams(method: PageMethod, params: unknown): unknown {
  switch (method) {
    case 'status':
    case 'certificates':
      return undefined;
    case 'sign':
      return validateSign(params);
    case 'signBatch':
      return validateSignBatch(params);
    case 'authenticate':
      return validateAuthenticate(params);
  }
}
