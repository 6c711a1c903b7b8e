/**
 * Distinguished names: one structure for names decoded from certificates and names parsed from strings,
 * rendering in RFC 4514 and Windows/.NET form, parsing of both, and the two comparisons: semantic
 * (`dnEquals`: portals compare subject strings produced by different libraries) and RFC 5280 §7.1
 * (`comparableName`: path building and name constraints, from the DER).
 */
import { hexToBytes } from '../encoding/binaryInput.js';
import { KysoError } from '../protocol/kysoError.js';
import { childrenOf, decodeOid, hexOf, malformed, readTlv, TAG, type Tlv } from './derReader.js';
import { decodeDirectoryString, type StringType } from './directoryString.js';
import { ATTRIBUTE_ALIASES, ATTRIBUTE_TYPES } from './oidNames.js';

export interface DnAttribute {
  /** Dotted attribute type OID, e.g. `0.9.2342.19200300.100.1.1`. */
  readonly oid: string;
  /** Short name (`CN`, `UID`, `ST`, `E`, `T`, …) or undefined for unnamed OIDs. */
  readonly shortName: string | undefined;
  /** Decoded, NFC-normalised text. Values that are not strings are `#` + hex of their DER. */
  readonly value: string;
  /** ASN.1 string type when decoded from a certificate (`undefined` for values parsed from text). */
  readonly valueType: StringType | 'other' | undefined;
}

/** One RDN: usually one attribute, several for a multi-valued RDN (`A=1+B=2`). */
export type Rdn = readonly DnAttribute[];

/** RDNs in ASN.1 (encoding) order: for most certificates `C` first, `CN`/`UID` last. */
export type DistinguishedName = readonly Rdn[];

export function attributeShortName(oid: string): string | undefined {
  return ATTRIBUTE_TYPES[oid]?.short;
}

export function makeAttribute(oid: string, value: string, valueType?: DnAttribute['valueType']): DnAttribute {
  return { oid, shortName: attributeShortName(oid), value: value.normalize('NFC'), valueType };
}

/** Every value of one attribute type, in encoding order (e.g. both UID values). */
export function attributeValues(dn: DistinguishedName, oid: string): string[] {
  const out: string[] = [];
  for (const rdn of dn) for (const a of rdn) if (a.oid === oid) out.push(a.value);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

export interface Rfc4514Options {
  /**
   * `strict`: only the RFC 4514 names (CN, L, ST, O, OU, C, STREET, DC, UID); other types as dotted OIDs
   * with `#`-hex values as the RFC requires. `common` (default): BouncyCastle-style names (E, T,
   * TelephoneNumber, SERIALNUMBER, …) with readable string values.
   */
  names?: 'strict' | 'common';
  /** `reversed` (RFC 4514, default): last RDN first. `asn1`: encoding order (`C=VN,ST=…,CN=…,UID=…`). */
  order?: 'reversed' | 'asn1';
  /** Separator between RDNs, default `,`. */
  separator?: string;
}

function escapeRfc4514(value: string): string {
  let out = value
    .replace(/[\\"+,;<>=]/g, (c) => `\\${c}`)
    .replace(/[\u0000-\u001f]/g, (c) => {
      return `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    });
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

function utf8Hex(value: string): string {
  // DER of a UTF8String holding `value`.
  const bytes = new TextEncoder().encode(value);
  const len = bytes.length;
  const header =
    len < 0x80 ? [0x0c, len] : len < 0x100 ? [0x0c, 0x81, len] : [0x0c, 0x82, len >> 8, len & 0xff];
  return [...header, ...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** RFC 4514 string (`UID=MST:0102005769,CN=…,C=VN`). */
export function renderRfc4514(dn: DistinguishedName, options: Rfc4514Options = {}): string {
  const strict = options.names === 'strict';
  const rdns = options.order === 'asn1' ? dn : [...dn].reverse();
  return rdns
    .map((rdn) =>
      rdn
        .map((a) => {
          const info = ATTRIBUTE_TYPES[a.oid];
          if (info && (info.rfc4514 || !strict)) return `${info.short}=${escapeRfc4514(a.value)}`;
          if (a.value.startsWith('#')) return `${a.oid}=${a.value}`;
          return strict ? `${a.oid}=#${utf8Hex(a.value)}` : `${a.oid}=${escapeRfc4514(a.value)}`;
        })
        .join('+'),
    )
    .join(options.separator ?? ',');
}

function quoteWindows(value: string): string {
  if (/^[\s]|[\s]$|[,+="<>#;\n\r]/.test(value) || value === '') return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/**
 * Windows/.NET `X500DistinguishedName.Name` form: reversed order, `, ` separators, ` + ` inside
 * multi-valued RDNs, `S=` for ST, `E=` for e-mail, `OID.x.y.z=` for types without a Windows name
 * (so UID is `OID.0.9.2342.19200300.100.1.1=`), values with special characters in double quotes.
 */
export function renderWindows(dn: DistinguishedName): string {
  return [...dn]
    .reverse()
    .map((rdn) =>
      rdn
        .map((a) => {
          const name = ATTRIBUTE_TYPES[a.oid]?.windows ?? `OID.${a.oid}`;
          return `${name}=${quoteWindows(a.value)}`;
        })
        .join(' + '),
    )
    .join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

export interface DnParseOptions {
  /**
   * Order of the RDNs in the string. `reversed` (default; RFC 4514, Windows, `cryptography`): the first
   * RDN in the string is the last one encoded. `asn1`: the string lists RDNs in encoding order, as
   * OpenSSL's `-nameopt oneline` and some portals (`C=VN,ST=…,CN=…,UID=MST:…`) do.
   */
  order?: 'reversed' | 'asn1';
}

function dnError(text: string, position: number, what: string): KysoError {
  return new KysoError('INVALID_REQUEST', `invalid distinguished name at ${position}: ${what}`, {
    position,
    length: text.length,
  });
}

function resolveType(label: string, text: string, position: number): string {
  const trimmed = label.trim();
  if (trimmed === '') throw dnError(text, position, 'missing attribute type');
  const oidText = /^oid\./i.test(trimmed) ? trimmed.slice(4) : trimmed;
  if (/^\d+(\.\d+)+$/.test(oidText)) return oidText;
  const oid = ATTRIBUTE_ALIASES.get(trimmed.toUpperCase());
  if (!oid) throw dnError(text, position, `unknown attribute type "${trimmed}"`);
  return oid;
}

function decodeHexValue(hex: string, text: string, position: number): string {
  let bytes: Uint8Array;
  try {
    bytes = hexToBytes(hex);
  } catch {
    throw dnError(text, position, 'invalid #hex value');
  }
  try {
    const t = readTlv(bytes, 0, bytes.length, 'attribute value');
    if (t.end === bytes.length) {
      const s = decodeDirectoryString(bytes, t, 'attribute value');
      if (s !== undefined) return s;
    }
  } catch {
    // not a string TLV: keep it as hex
  }
  return `#${hex.toLowerCase()}`;
}

/**
 * Parses RFC 4514 (`UID=CCCD:0…,CN=…`), Windows (`OID.0.9.2342.19200300.100.1.1=MST:…, S=…, E=…`,
 * quoted values) and OpenSSL-like forms (bare dotted OIDs, `EMAILADDRESS=`, `;` separators, `+`
 * multi-valued RDNs, `\,` and `\c3\a1` escapes, `#hex` values) into the same structure as a decoded
 * certificate name. Throws `KysoError('INVALID_REQUEST')` with the position of the problem.
 */
export function parseDistinguishedName(text: string, options: DnParseOptions = {}): DistinguishedName {
  if (typeof text !== 'string') throw new KysoError('INVALID_REQUEST', 'distinguished name must be a string');
  const rdns: DnAttribute[][] = [];
  let current: DnAttribute[] = [];
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n && /\s/.test(text[i]!)) i++;
  };
  skipSpace();
  if (i === n) return [];
  for (;;) {
    skipSpace();
    const typeStart = i;
    while (i < n && text[i] !== '=' && text[i] !== ',' && text[i] !== '+' && text[i] !== ';') i++;
    if (i >= n || text[i] !== '=') throw dnError(text, typeStart, 'expected "type=value"');
    const oid = resolveType(text.slice(typeStart, i), text, typeStart);
    i++; // '='
    skipSpace();
    let value: string;
    if (text[i] === '"') {
      i++;
      let v = '';
      for (;;) {
        if (i >= n) throw dnError(text, i, 'unterminated quoted value');
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\\' && i + 1 < n) {
          v += text[i + 1];
          i += 2;
          continue;
        }
        v += c;
        i++;
      }
      value = v;
      skipSpace();
    } else if (text[i] === '#') {
      const start = ++i;
      while (i < n && /[0-9a-fA-F]/.test(text[i]!)) i++;
      value = decodeHexValue(text.slice(start, i), text, start);
      skipSpace();
    } else {
      const bytes: number[] = [];
      let v = '';
      let lastSignificant = 0;
      const flush = () => {
        if (bytes.length) {
          try {
            v += new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
          } catch {
            throw dnError(text, i, 'escaped bytes are not valid UTF-8');
          }
          bytes.length = 0;
          lastSignificant = v.length;
        }
      };
      while (i < n) {
        const c = text[i]!;
        if (c === ',' || c === '+' || c === ';') break;
        if (c === '\\') {
          const h = text.slice(i + 1, i + 3);
          if (/^[0-9a-fA-F]{2}$/.test(h)) {
            bytes.push(Number.parseInt(h, 16));
            i += 3;
            continue;
          }
          if (i + 1 >= n) throw dnError(text, i, 'dangling escape');
          flush();
          v += text[i + 1];
          lastSignificant = v.length;
          i += 2;
          continue;
        }
        flush();
        v += c;
        if (!/\s/.test(c)) lastSignificant = v.length;
        i++;
      }
      flush();
      value = v.slice(0, lastSignificant);
    }
    current.push(makeAttribute(oid, value));
    if (i >= n) break;
    const sep = text[i]!;
    if (sep === '+') {
      i++;
      continue;
    }
    if (sep !== ',' && sep !== ';') throw dnError(text, i, `unexpected "${sep}" after a value`);
    rdns.push(current);
    current = [];
    i++;
    skipSpace();
    if (i >= n) throw dnError(text, i, 'trailing separator');
  }
  rdns.push(current);
  return options.order === 'asn1' ? rdns : rdns.reverse();
}

// ---------------------------------------------------------------------------------------------------------
// Comparison

export interface DnEqualsOptions {
  /** Compare the RDNs as a multiset, ignoring order (different libraries print different orders). */
  ignoreOrder?: boolean;
  /** How string arguments are parsed (see `DnParseOptions.order`). */
  order?: 'reversed' | 'asn1';
}

/** The comparison key of a value: NFC, trimmed, inner whitespace collapsed, case-folded. */
export function normaliseDnValue(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function rdnKey(rdn: Rdn): string {
  return rdn
    .map((a) => `${a.oid}=${JSON.stringify(normaliseDnValue(a.value))}`)
    .sort()
    .join('+');
}

/**
 * Semantic DN equality: same attribute types (names and OIDs are unified), values equal after NFC,
 * whitespace and case normalisation, multi-valued RDNs compared as sets; optionally ignoring RDN order.
 * Strings are parsed with `parseDistinguishedName` (an unparsable string throws INVALID_REQUEST).
 */
export function dnEquals(
  a: DistinguishedName | string,
  b: DistinguishedName | string,
  options: DnEqualsOptions = {},
): boolean {
  const parseOpts = options.order ? { order: options.order } : {};
  const da = typeof a === 'string' ? parseDistinguishedName(a, parseOpts) : a;
  const db = typeof b === 'string' ? parseDistinguishedName(b, parseOpts) : b;
  if (da.length !== db.length) return false;
  const ka = da.map(rdnKey);
  const kb = db.map(rdnKey);
  if (options.ignoreOrder) {
    ka.sort();
    kb.sort();
  }
  return ka.every((k, idx) => k === kb[idx]);
}

// ---------------------------------------------------------------------------------------------------------
// Comparison for path building (RFC 5280 §7.1), straight from the DER
//
// Path validation chains names as RFC 5280 §7.1 asks: string-typed values (not NumericString) compared
// after NFKC normalisation, case folding and whitespace compression, other values byte for byte,
// multi-valued RDNs as sets, RDN order significant. `dnEquals` above is the display comparison
// (NFC, attribute names unified, optionally order-free) for names typed or printed by people.

/** One RDN reduced to canonical strings, one per attribute, sorted. */
export type CanonicalRdn = string[];

export interface ComparableName {
  rdns: CanonicalRdn[];
  /** Equality key: two names are the same DN exactly when their keys are equal. */
  key: string;
  /** e-mail addresses found in emailAddress attributes (for rfc822 name constraints). */
  emails: string[];
}

const EMAIL_ADDRESS_OID = '1.2.840.113549.1.9.1';

/** The string types compared as text (RFC 5280 §7.1); NumericString and others compare as bytes. */
const TEXT_TAGS: ReadonlySet<number> = new Set([
  TAG.PRINTABLE_STRING,
  TAG.UTF8_STRING,
  TAG.BMP_STRING,
  TAG.UNIVERSAL_STRING,
  TAG.TELETEX_STRING,
  TAG.IA5_STRING,
  TAG.VISIBLE_STRING,
]);

function prepareString(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** The Name whose TLV is `name` inside `buf`. Throws KysoError(INVALID_REQUEST) on malformed input. */
export function comparableNameAt(buf: Uint8Array, name: Tlv): ComparableName {
  if (name.tag !== TAG.SEQUENCE) throw malformed('name is not a SEQUENCE');
  const rdns: CanonicalRdn[] = [];
  const emails: string[] = [];
  for (const set of childrenOf(buf, name, 'name')) {
    if (set.tag !== TAG.SET) throw malformed('RDN is not a SET');
    const atvs: string[] = [];
    for (const atv of childrenOf(buf, set, 'RDN')) {
      if (atv.tag !== TAG.SEQUENCE) throw malformed('attribute is not a SEQUENCE');
      const [type, value, extra] = childrenOf(buf, atv, 'attribute');
      if (!type || !value || extra) throw malformed('attribute needs a type and a value');
      const oid = decodeOid(buf, type, 'attribute type');
      let key: string;
      if (TEXT_TAGS.has(value.tag)) {
        const text = decodeDirectoryString(buf, value, 'attribute value') ?? '';
        if (oid === EMAIL_ADDRESS_OID) emails.push(text);
        key = `s:${prepareString(text)}`;
      } else key = `b:${hexOf(buf.subarray(value.start, value.end))}`;
      atvs.push(`${oid}=${key}`);
    }
    atvs.sort();
    rdns.push(atvs);
  }
  return { rdns, key: rdns.map((r) => r.map((a) => JSON.stringify(a)).join('+')).join(','), emails };
}

/** Reads the DER of an X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue). Throws on malformed input. */
export function comparableName(der: ArrayBuffer | Uint8Array): ComparableName {
  const buf = der instanceof Uint8Array ? der : new Uint8Array(der);
  const name = readTlv(buf, 0, buf.length, 'name');
  if (name.end !== buf.length) throw malformed('trailing bytes after a name');
  return comparableNameAt(buf, name);
}

export function rdnEqual(a: CanonicalRdn, b: CanonicalRdn): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** True when `subtree` is a prefix of `name` (DN name-constraint semantics). */
export function isWithinDnSubtree(name: ComparableName, subtree: ComparableName): boolean {
  if (subtree.rdns.length > name.rdns.length) return false;
  return subtree.rdns.every((rdn, i) => rdnEqual(rdn, name.rdns[i]!));
}
