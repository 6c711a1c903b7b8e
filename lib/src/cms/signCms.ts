/**
 * CMS SignedData / CAdES-B-B creation with an external signer. The signer (a token behind the
 * extension, a remote service, a software key in tests) only ever sees the digest of the DER signed
 * attributes: digests cross the boundary, documents do not.
 */
import { type CertificateFields, certificateFields } from '../crypto/certificateFields.js';
import {
  derExplicit,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derSetOf,
  derTime,
} from '../crypto/derWriter.js';
import { CURVE_FIELD_BYTES, ecdsaSignatureToDer } from '../crypto/ecdsaSignature.js';
import { digest, HASH_LENGTHS, type HashAlgorithm, isHashAlgorithm } from '../crypto/hashAlgorithms.js';
import {
  defaultScheme,
  describePublicKey,
  type PublicKeyKind,
  schemeFitsKey,
  verifySignature,
} from '../crypto/publicKeys.js';
import {
  digestAlgorithmIdentifier,
  type SignatureAlgorithm,
  signatureAlgorithmIdentifier,
  UnsupportedAlgorithmError,
} from '../crypto/signatureAlgorithms.js';
import { type BinaryInput, bytesEqual, bytesToBase64, toDer } from '../encoding/binaryInput.js';
import type { SignatureScheme } from '../protocol/hostMessages.js';
import { KysoError } from '../protocol/kysoError.js';
import { CMS_OID } from './cmsOids.js';
import { encodeSigningCertificateV2 } from './signingCertificateV2.js';

/** What the signer is asked to do: sign this digest with this hash/scheme. */
export interface SignerAlgorithm {
  hash: HashAlgorithm;
  scheme: SignatureScheme;
}

/**
 * An external signer. Receives the digest to sign (already hashed) and returns the signature:
 * PKCS#1 v1.5 / PSS bytes for RSA, raw r‖s or DER for ECDSA.
 */
export type DigestSigner = (toBeSignedDigest: Uint8Array, algorithm: SignerAlgorithm) => Promise<Uint8Array>;

export interface PrepareCmsOptions {
  /** The document. Required when `detached` is false. */
  content?: Uint8Array;
  /** Digest of the content with `hashAlgorithm`, when the document stays elsewhere (detached only). */
  digest?: Uint8Array;
  detached: boolean;
  /** Signer certificate (DER, PEM or base64). */
  certificate: BinaryInput;
  /** Further certificates to embed (intermediates). */
  chain?: BinaryInput[];
  /** Default SHA-256. */
  hashAlgorithm?: HashAlgorithm;
  /** Default by key type: RSA → RSASSA-PKCS1-v1_5, EC → ECDSA. */
  scheme?: SignatureScheme;
  /** Claimed signing time; default now. Whole seconds are kept. */
  signingTime?: Date;
}

export interface SignCmsOptions extends PrepareCmsOptions {
  signer: DigestSigner;
}

export interface PreparedCms {
  /** The digest the signer must sign (hash of the DER signed attributes). */
  readonly toBeSignedDigest: Uint8Array;
  readonly algorithm: SignerAlgorithm;
  /** The DER `SET OF Attribute` that is signed. */
  readonly signedAttributes: Uint8Array;
  /**
   * Assembles the ContentInfo from the signature (ECDSA raw r‖s or DER). The signature is checked
   * against the certificate's key first; a mismatch throws KysoError(INVALID_REQUEST).
   */
  finish(signature: Uint8Array): Promise<Uint8Array>;
}

function invalid(message: string): KysoError {
  return new KysoError('INVALID_REQUEST', message);
}

function chooseAlgorithm(options: PrepareCmsOptions, kind: PublicKeyKind): SignatureAlgorithm {
  const hash = options.hashAlgorithm ?? 'SHA-256';
  if (!isHashAlgorithm(hash)) throw invalid(`unsupported hash algorithm ${String(hash)}`);
  const scheme = options.scheme ?? defaultScheme(kind);
  if (!schemeFitsKey(scheme, kind))
    throw invalid(`signature scheme ${scheme} does not fit a ${kind.type} key`);
  return scheme === 'RSA-PSS' ? { scheme, hash, saltLength: HASH_LENGTHS[hash] } : { scheme, hash };
}

async function contentDigest(options: PrepareCmsOptions, hash: HashAlgorithm): Promise<Uint8Array> {
  if (!options.detached && !options.content) throw invalid('attached signature needs the content');
  if (options.digest) {
    if (!(options.digest instanceof Uint8Array) || options.digest.length !== HASH_LENGTHS[hash])
      throw invalid(`digest must be ${HASH_LENGTHS[hash]} bytes for ${hash}`);
    if (options.content && !bytesEqual(options.digest, await digest(hash, options.content)))
      throw invalid('digest does not match the content');
    return options.digest;
  }
  if (!(options.content instanceof Uint8Array)) throw invalid('content or digest is required');
  return digest(hash, options.content);
}

function readCertificate(input: BinaryInput, what: string): CertificateFields {
  try {
    return certificateFields(toDer(input, 'CERTIFICATE'));
  } catch (e) {
    throw invalid(`${what}: ${e instanceof Error ? e.message : 'unreadable'}`);
  }
}

function signatureSize(kind: PublicKeyKind): number | undefined {
  return kind.type === 'RSA' ? Math.ceil(kind.bits / 8) : undefined;
}

/** Builds the signed attributes and returns the digest to sign plus a `finish` step. */
export async function prepareCms(options: PrepareCmsOptions): Promise<PreparedCms> {
  if (!options || typeof options !== 'object') throw invalid('options are required');
  const cert = readCertificate(options.certificate, 'signer certificate');
  const chain = (options.chain ?? []).map((c, i) => readCertificate(c, `chain certificate ${i + 1}`));
  let kind: PublicKeyKind;
  try {
    kind = describePublicKey(cert.subjectPublicKeyInfo);
  } catch (e) {
    if (e instanceof UnsupportedAlgorithmError) throw invalid(`unsupported key algorithm ${e.oid}`);
    throw e;
  }
  const algorithm = chooseAlgorithm(options, kind);
  const { hash } = algorithm;
  const messageDigest = await contentDigest(options, hash);
  const signingTime = new Date(Math.floor((options.signingTime ?? new Date()).getTime() / 1000) * 1000);
  if (Number.isNaN(signingTime.getTime())) throw invalid('signingTime is not a valid date');

  const attribute = (oid: string, value: Uint8Array) => derSequence(derOid(oid), derSetOf([value]));
  const attributes = [
    attribute(CMS_OID.contentType, derOid(CMS_OID.data)),
    attribute(CMS_OID.signingTime, derTime(signingTime)),
    attribute(CMS_OID.messageDigest, derOctetString(messageDigest)),
    attribute(CMS_OID.signingCertificateV2, await encodeSigningCertificateV2(cert, hash)),
  ];
  const signedAttributes = derSetOf(attributes);
  const toBeSignedDigest = await digest(hash, signedAttributes);
  const signerAlgorithm: SignerAlgorithm = { hash, scheme: algorithm.scheme };

  const finish = async (signature: Uint8Array): Promise<Uint8Array> => {
    if (!(signature instanceof Uint8Array) || signature.length === 0)
      throw invalid('signature must be bytes');
    const expected = signatureSize(kind);
    if (expected !== undefined && signature.length !== expected)
      throw invalid(`RSA signature must be ${expected} bytes, got ${signature.length}`);
    const encoded =
      kind.type === 'EC' ? ecdsaSignatureToDer(signature, CURVE_FIELD_BYTES[kind.curve]) : signature;
    if (!(await verifySignature(cert.subjectPublicKeyInfo, algorithm, encoded, signedAttributes)))
      throw invalid('the signature does not verify with the signer certificate (wrong key or algorithm?)');
    return assembleSignedData({
      cert,
      chain,
      algorithm,
      attributes,
      signature: encoded,
      content: options.detached ? undefined : options.content,
    });
  };
  return { toBeSignedDigest, algorithm: signerAlgorithm, signedAttributes, finish };
}

function assembleSignedData(p: {
  cert: CertificateFields;
  chain: CertificateFields[];
  algorithm: SignatureAlgorithm;
  attributes: Uint8Array[];
  signature: Uint8Array;
  content: Uint8Array | undefined;
}): Uint8Array {
  const signerInfo = derSequence(
    derInteger(1),
    derSequence(p.cert.issuer, p.cert.serialNumber),
    digestAlgorithmIdentifier(p.algorithm.hash),
    // [0] IMPLICIT SET OF Attribute: the same sorted content octets as the signed SET.
    derSetOf(p.attributes, 0xa0),
    signatureAlgorithmIdentifier(p.algorithm),
    derOctetString(p.signature),
  );
  const encap = p.content
    ? derSequence(derOid(CMS_OID.data), derExplicit(0, derOctetString(p.content)))
    : derSequence(derOid(CMS_OID.data));
  const seen = new Set<string>();
  const certs = [p.cert, ...p.chain]
    .map((c) => c.der)
    .filter((der) => {
      const key = bytesToBase64(der);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const signedData = derSequence(
    derInteger(1),
    derSetOf([digestAlgorithmIdentifier(p.algorithm.hash)]),
    encap,
    derSetOf(certs, 0xa0),
    derSetOf([signerInfo]),
  );
  return derSequence(derOid(CMS_OID.signedData), derExplicit(0, signedData));
}

/** Prepares, asks the signer for the signature, and returns the DER ContentInfo (CAdES-B-B). */
export async function signCms(options: SignCmsOptions): Promise<Uint8Array> {
  if (typeof options?.signer !== 'function') throw invalid('signer is required');
  const prepared = await prepareCms(options);
  const signature = await options.signer(prepared.toBeSignedDigest, prepared.algorithm);
  return prepared.finish(signature);
}
