/**
 * Reads a CMS ContentInfo / SignedData (BER or DER, RFC 5652 §5) into plain byte ranges, keeping the
 * exact encodings that signatures and hashes are computed over (a small BER walker: definite and
 * indefinite lengths, constructed OCTET STRINGs). Any structural problem raises CmsFormatError.
 */
import { decodeOidContents } from '../cert/derReader.js';
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

/** One BER element: definite or (constructed) indefinite length. */
interface Ber {
  tag: number;
  start: number;
  valueStart: number;
  contentEnd: number;
  end: number;
}

const MAX_DEPTH = 32;
const SEQUENCE = 0x30;
const SET = 0x31;

function fail(what: string): never {
  throw new CmsFormatError(what);
}

/** Reads the element at `offset` (within `limit`); indefinite lengths are resolved by walking children. */
function readBer(bytes: Uint8Array, offset: number, limit: number, depth = 0): Ber {
  if (depth > MAX_DEPTH) fail('nesting too deep');
  if (offset + 2 > limit) fail('truncated element');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) fail('multi-byte tags are not used in CMS');
  const first = bytes[offset + 1]!;
  let pos = offset + 2;
  if (first === 0x80) {
    if ((tag & 0x20) === 0) fail('indefinite length on a primitive element');
    while (true) {
      if (pos + 2 > limit) fail('missing end-of-contents');
      if (bytes[pos] === 0 && bytes[pos + 1] === 0)
        return { tag, start: offset, valueStart: offset + 2, contentEnd: pos, end: pos + 2 };
      pos = readBer(bytes, pos, limit, depth + 1).end;
    }
  }
  let length = first;
  if (first > 0x80) {
    const n = first & 0x7f;
    if (n > 4 || pos + n > limit) fail('bad length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[pos++]!;
  }
  const end = pos + length;
  if (end > limit) fail('element runs past its container');
  return { tag, start: offset, valueStart: pos, contentEnd: end, end };
}

class Reader {
  constructor(readonly bytes: Uint8Array) {}

  children(el: Ber | undefined, what: string): Ber[] {
    if (!el) fail(`missing ${what}`);
    if ((el.tag & 0x20) === 0) fail(`${what} is not constructed`);
    const out: Ber[] = [];
    for (let pos = el.valueStart; pos < el.contentEnd; ) {
      const child = readBer(this.bytes, pos, el.contentEnd);
      out.push(child);
      pos = child.end;
    }
    return out;
  }

  raw(el: Ber): Uint8Array {
    return this.bytes.subarray(el.start, el.end);
  }

  primitive(el: Ber | undefined, tag: number, what: string): Uint8Array {
    if (!el || el.tag !== tag) fail(`${what} has the wrong type`);
    return this.bytes.subarray(el.valueStart, el.contentEnd);
  }

  /** OCTET STRING content, primitive or (BER) constructed from pieces. */
  octets(el: Ber | undefined, what: string, depth = 0): Uint8Array {
    if (el?.tag === 0x24 && depth < 8)
      return concatBytes(this.children(el, what).map((p) => this.octets(p, what, depth + 1)));
    return this.primitive(el, 0x04, what).slice();
  }

  oid(el: Ber | undefined, what: string): string {
    return decodeOidContents(this.primitive(el, 0x06, what));
  }

  smallInteger(el: Ber | undefined, what: string): number {
    const b = this.primitive(el, 0x02, what);
    if (b.length === 0 || b.length > 2) fail(`${what} out of range`);
    return b.reduce((n, x) => n * 256 + x, 0);
  }

  sequence(el: Ber | undefined, what: string): Ber[] {
    if (el?.tag !== SEQUENCE) fail(`${what} must be a SEQUENCE`);
    return this.children(el, what);
  }
}

function parseAttributes(r: Reader, el: Ber): ParsedAttribute[] {
  return r.children(el, 'signed attributes').map((attr) => {
    const [type, set] = r.sequence(attr, 'attribute');
    if (set?.tag !== SET) fail('attribute values must be a SET');
    return {
      oid: r.oid(type, 'attribute type'),
      values: r.children(set, 'attribute values').map((v) => r.raw(v)),
    };
  });
}

function parseSignerInfo(r: Reader, el: Ber): ParsedSignerInfo {
  const fields = r.sequence(el, 'SignerInfo');
  let i = 0;
  const version = r.smallInteger(fields[i++], 'SignerInfo version');
  const sidEl = fields[i++];
  let sid: SignerIdentifier;
  if (sidEl?.tag === SEQUENCE) {
    const [issuer, serial] = r.children(sidEl, 'IssuerAndSerialNumber');
    if (issuer?.tag !== SEQUENCE || serial?.tag !== 0x02) fail('bad IssuerAndSerialNumber');
    sid = { kind: 'issuerAndSerialNumber', issuer: r.raw(issuer), serialNumber: r.raw(serial) };
  } else if (sidEl?.tag === 0x80) {
    sid = { kind: 'subjectKeyIdentifier', keyIdentifier: r.primitive(sidEl, 0x80, 'SubjectKeyIdentifier') };
  } else fail('bad SignerIdentifier');
  const digestAlgorithm = fields[i++];
  if (digestAlgorithm?.tag !== SEQUENCE) fail('bad digestAlgorithm');
  let signedAttributesDer: Uint8Array | undefined;
  let signedAttributes: ParsedAttribute[] | undefined;
  if (fields[i]?.tag === 0xa0) {
    const attrs = fields[i++]!;
    signedAttributes = parseAttributes(r, attrs);
    signedAttributesDer = r.raw(attrs).slice();
    signedAttributesDer[0] = SET;
  }
  const signatureAlgorithm = fields[i++];
  if (signatureAlgorithm?.tag !== SEQUENCE) fail('bad signatureAlgorithm');
  const signature = r.octets(fields[i++], 'signature');
  if (fields[i] && fields[i]!.tag !== 0xa1) fail('unexpected field after signature');
  return {
    version,
    sid,
    digestAlgorithm: r.raw(digestAlgorithm),
    ...(signedAttributesDer ? { signedAttributesDer, signedAttributes } : {}),
    signatureAlgorithm: r.raw(signatureAlgorithm),
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
  if (!(der instanceof Uint8Array)) fail('not bytes');
  const r = new Reader(der);
  const top = readBer(der, 0, der.length);
  if (top.end !== der.length) fail('trailing data after the ContentInfo');
  const [type, explicit] = r.sequence(top, 'ContentInfo');
  if (r.oid(type, 'contentType') !== CMS_OID.signedData) fail('ContentInfo is not SignedData');
  if (explicit?.tag !== 0xa0) fail('missing SignedData content');
  const [sd] = r.children(explicit, 'content');
  const fields = r.sequence(sd, 'SignedData');
  let i = 0;
  const version = r.smallInteger(fields[i++], 'SignedData version');
  if (fields[i++]?.tag !== SET) fail('bad digestAlgorithms');
  const encap = r.sequence(fields[i++], 'EncapsulatedContentInfo');
  const eContentType = r.oid(encap[0], 'eContentType');
  let eContent: Uint8Array | undefined;
  if (encap[1]) {
    if (encap[1].tag !== 0xa0) fail('bad eContent');
    eContent = r.octets(r.children(encap[1], 'eContent')[0], 'eContent');
  }
  const certificates: Uint8Array[] = [];
  if (fields[i]?.tag === 0xa0) {
    for (const c of r.children(fields[i++], 'certificates'))
      if (c.tag === SEQUENCE) certificates.push(r.raw(c));
  }
  if (fields[i]?.tag === 0xa1) i++; // CRLs: not used for verification here.
  const signerSet = fields[i++];
  if (signerSet?.tag !== SET) fail('bad signerInfos');
  if (fields[i]) fail('unexpected field after signerInfos');
  return {
    version,
    eContentType,
    ...(eContent ? { eContent } : {}),
    certificates,
    signerInfos: r.children(signerSet, 'signerInfos').map((s) => parseSignerInfo(r, s)),
  };
}
