/**
 * Reads a CMS ContentInfo / SignedData (BER or DER, RFC 5652 §5) into plain byte ranges, keeping the
 * exact encodings that signatures and hashes are computed over. Any structural problem raises
 * CmsFormatError; nothing else escapes.
 */
import * as asn1js from 'asn1js';
import { decodeOid, elementContent, readElement } from '../crypto/derReader.js';
import { concatBytes } from '../crypto/derWriter.js';
import { CMS_OID } from './cmsOids.js';

export class CmsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CmsFormatError';
  }
}

export interface ParsedAttribute {
  oid: string;
  /** Full encodings of each value in the attribute's SET. */
  values: Uint8Array[];
}

export type SignerIdentifier =
  | { kind: 'issuerAndSerialNumber'; issuer: Uint8Array; serialNumber: Uint8Array }
  | { kind: 'subjectKeyIdentifier'; keyIdentifier: Uint8Array };

export interface ParsedSignerInfo {
  version: number;
  sid: SignerIdentifier;
  /** DigestAlgorithmIdentifier, full encoding. */
  digestAlgorithm: Uint8Array;
  /** The signed attributes re-tagged as `SET OF` (0x31), i.e. the bytes that were signed. */
  signedAttributesDer?: Uint8Array;
  signedAttributes?: ParsedAttribute[];
  /** SignatureAlgorithmIdentifier, full encoding. */
  signatureAlgorithm: Uint8Array;
  signature: Uint8Array;
}

export interface ParsedSignedData {
  version: number;
  eContentType: string;
  /** Encapsulated content, when attached. */
  eContent?: Uint8Array;
  /** Embedded X.509 certificates (other certificate formats are skipped). */
  certificates: Uint8Array[];
  signerInfos: ParsedSignerInfo[];
}

type Block = asn1js.AsnType;

const UNIVERSAL = 1;
const CONTEXT = 3;

function fail(what: string): never {
  throw new CmsFormatError(what);
}

function idOf(b: Block): { cls: number; num: number; constructed: boolean } {
  const id = (b as asn1js.BaseBlock).idBlock;
  return { cls: id.tagClass, num: id.tagNumber, constructed: id.isConstructed };
}

function is(b: Block | undefined, cls: number, num: number): b is Block {
  if (!b) return false;
  const id = idOf(b);
  return id.cls === cls && id.num === num;
}

function children(b: Block | undefined, what: string): Block[] {
  if (!b) fail(`missing ${what}`);
  const value = (b as asn1js.BaseBlock<asn1js.ValueBlock>).valueBlock as unknown as { value?: unknown };
  if (!idOf(b).constructed || !Array.isArray(value.value)) fail(`${what} is not constructed`);
  return value.value as Block[];
}

function raw(b: Block): Uint8Array {
  return new Uint8Array((b as asn1js.BaseBlock).valueBeforeDecodeView);
}

function primitiveContent(b: Block, what: string): Uint8Array {
  if (idOf(b).constructed) fail(`${what} must be primitive`);
  const bytes = raw(b);
  const el = readElement(bytes, 0);
  if (el.end !== bytes.length) fail(`${what} has a bad length`);
  return elementContent(bytes, el);
}

/** OCTET STRING content, primitive or (BER) constructed from pieces. */
function octets(b: Block | undefined, what: string): Uint8Array {
  if (!is(b, UNIVERSAL, 4)) fail(`${what} must be an OCTET STRING`);
  if (!idOf(b).constructed) return primitiveContent(b, what);
  return concatBytes(children(b, what).map((piece) => octets(piece, what)));
}

function oid(b: Block | undefined, what: string): string {
  if (!is(b, UNIVERSAL, 6)) fail(`${what} must be an OBJECT IDENTIFIER`);
  return decodeOid(primitiveContent(b, what));
}

function smallInteger(b: Block | undefined, what: string): number {
  if (!is(b, UNIVERSAL, 2)) fail(`${what} must be an INTEGER`);
  const bytes = primitiveContent(b, what);
  if (bytes.length === 0 || bytes.length > 2) fail(`${what} out of range`);
  return bytes.reduce((n, x) => n * 256 + x, 0);
}

function sequence(b: Block | undefined, what: string): Block[] {
  if (!is(b, UNIVERSAL, 16)) fail(`${what} must be a SEQUENCE`);
  return children(b, what);
}

function parseAttributes(b: Block): ParsedAttribute[] {
  return children(b, 'signed attributes').map((attr) => {
    const [type, set] = sequence(attr, 'attribute');
    if (!is(set, UNIVERSAL, 17)) fail('attribute values must be a SET');
    return { oid: oid(type, 'attribute type'), values: children(set, 'attribute values').map(raw) };
  });
}

function parseSignerInfo(b: Block): ParsedSignerInfo {
  const fields = sequence(b, 'SignerInfo');
  let i = 0;
  const version = smallInteger(fields[i++], 'SignerInfo version');
  const sidBlock = fields[i++];
  let sid: SignerIdentifier;
  if (is(sidBlock, UNIVERSAL, 16)) {
    const [issuer, serial] = children(sidBlock, 'IssuerAndSerialNumber');
    if (!is(issuer, UNIVERSAL, 16) || !is(serial, UNIVERSAL, 2)) fail('bad IssuerAndSerialNumber');
    sid = { kind: 'issuerAndSerialNumber', issuer: raw(issuer), serialNumber: raw(serial) };
  } else if (is(sidBlock, CONTEXT, 0)) {
    sid = { kind: 'subjectKeyIdentifier', keyIdentifier: primitiveContent(sidBlock, 'SubjectKeyIdentifier') };
  } else fail('bad SignerIdentifier');
  const digestAlgorithm = fields[i++];
  if (!is(digestAlgorithm, UNIVERSAL, 16)) fail('bad digestAlgorithm');
  let signedAttributesDer: Uint8Array | undefined;
  let signedAttributes: ParsedAttribute[] | undefined;
  if (is(fields[i], CONTEXT, 0)) {
    const attrs = fields[i++]!;
    signedAttributes = parseAttributes(attrs);
    signedAttributesDer = raw(attrs).slice();
    signedAttributesDer[0] = 0x31;
  }
  const signatureAlgorithm = fields[i++];
  if (!is(signatureAlgorithm, UNIVERSAL, 16)) fail('bad signatureAlgorithm');
  const signature = octets(fields[i++], 'signature');
  if (fields[i] && !is(fields[i], CONTEXT, 1)) fail('unexpected field after signature');
  return {
    version,
    sid,
    digestAlgorithm: raw(digestAlgorithm),
    ...(signedAttributesDer ? { signedAttributesDer, signedAttributes } : {}),
    signatureAlgorithm: raw(signatureAlgorithm),
    signature,
  };
}

/** Parses a ContentInfo holding SignedData. Throws CmsFormatError only. */
export function parseSignedData(der: Uint8Array): ParsedSignedData {
  try {
    return parseUnchecked(der);
  } catch (e) {
    if (e instanceof CmsFormatError) throw e;
    throw new CmsFormatError(e instanceof Error ? e.message : 'unreadable');
  }
}

function parseUnchecked(der: Uint8Array): ParsedSignedData {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1) fail(`not ASN.1 (${parsed.result.error || 'decoding error'})`);
  if (parsed.offset !== der.length) fail('trailing data after the ContentInfo');
  const [type, explicit] = sequence(parsed.result, 'ContentInfo');
  if (oid(type, 'contentType') !== CMS_OID.signedData) fail('ContentInfo is not SignedData');
  if (!is(explicit, CONTEXT, 0)) fail('missing SignedData content');
  const [sd] = children(explicit, 'content');
  const fields = sequence(sd, 'SignedData');
  let i = 0;
  const version = smallInteger(fields[i++], 'SignedData version');
  if (!is(fields[i++], UNIVERSAL, 17)) fail('bad digestAlgorithms');
  const encap = sequence(fields[i++], 'EncapsulatedContentInfo');
  const eContentType = oid(encap[0], 'eContentType');
  let eContent: Uint8Array | undefined;
  if (encap[1]) {
    if (!is(encap[1], CONTEXT, 0)) fail('bad eContent');
    eContent = octets(children(encap[1], 'eContent')[0], 'eContent');
  }
  const certificates: Uint8Array[] = [];
  if (is(fields[i], CONTEXT, 0)) {
    for (const c of children(fields[i++], 'certificates'))
      if (is(c, UNIVERSAL, 16)) certificates.push(raw(c));
  }
  if (is(fields[i], CONTEXT, 1)) i++; // CRLs: not used for verification here.
  const signerSet = fields[i++];
  if (!is(signerSet, UNIVERSAL, 17)) fail('bad signerInfos');
  if (fields[i]) fail('unexpected field after signerInfos');
  return {
    version,
    eContentType,
    ...(eContent ? { eContent } : {}),
    certificates,
    signerInfos: children(signerSet, 'signerInfos').map(parseSignerInfo),
  };
}
