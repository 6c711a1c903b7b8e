/**
 * Decoding of the ASN.1 string types found in certificate names and extensions.
 * Vietnamese text is returned NFC-normalised (tokens and old tools sometimes emit NFD).
 */
import { malformed, TAG, type Tlv } from './derReader.js';

export type StringType =
  | 'utf8String'
  | 'printableString'
  | 'teletexString'
  | 'ia5String'
  | 'bmpString'
  | 'universalString'
  | 'numericString'
  | 'visibleString';

const STRING_TYPES: Record<number, StringType> = {
  [TAG.UTF8_STRING]: 'utf8String',
  [TAG.PRINTABLE_STRING]: 'printableString',
  [TAG.TELETEX_STRING]: 'teletexString',
  [TAG.IA5_STRING]: 'ia5String',
  [TAG.BMP_STRING]: 'bmpString',
  [TAG.UNIVERSAL_STRING]: 'universalString',
  [TAG.NUMERIC_STRING]: 'numericString',
  [TAG.VISIBLE_STRING]: 'visibleString',
};

export const STRING_TAGS: Readonly<Record<StringType, number>> = {
  utf8String: TAG.UTF8_STRING,
  printableString: TAG.PRINTABLE_STRING,
  teletexString: TAG.TELETEX_STRING,
  ia5String: TAG.IA5_STRING,
  bmpString: TAG.BMP_STRING,
  universalString: TAG.UNIVERSAL_STRING,
  numericString: TAG.NUMERIC_STRING,
  visibleString: TAG.VISIBLE_STRING,
};

export function stringTypeOf(tag: number): StringType | undefined {
  return STRING_TYPES[tag];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i += 4096)
    s += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  return s;
}

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! > 0x7e || bytes[i]! < 0x20) return false;
  return true;
}

/**
 * Decodes a string TLV. TeletexString is read as Latin-1 (what issuing software puts there in practice).
 * Returns undefined when the tag is not a string type.
 */
export function decodeDirectoryString(buf: Uint8Array, t: Tlv, what: string): string | undefined {
  const type = STRING_TYPES[t.tag];
  if (type === undefined) return undefined;
  const { valueStart: s, end: e } = t;
  let text: string;
  switch (type) {
    case 'utf8String':
      if (isAscii(buf, s, e)) return latin1(buf, s, e);
      try {
        text = utf8.decode(buf.subarray(s, e));
      } catch {
        throw malformed(`${what} is not valid UTF-8`);
      }
      break;
    case 'bmpString': {
      if ((e - s) % 2 !== 0) throw malformed(`${what} BMPString has an odd length`);
      text = '';
      for (let i = s; i < e; i += 2) text += String.fromCharCode((buf[i]! << 8) | buf[i + 1]!);
      break;
    }
    case 'universalString': {
      if ((e - s) % 4 !== 0) throw malformed(`${what} UniversalString length is not a multiple of 4`);
      text = '';
      for (let i = s; i < e; i += 4) {
        const cp = ((buf[i]! << 24) | (buf[i + 1]! << 16) | (buf[i + 2]! << 8) | buf[i + 3]!) >>> 0;
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
          throw malformed(`${what} UniversalString has an invalid code point`);
        text += String.fromCodePoint(cp);
      }
      break;
    }
    default:
      // printable, teletex (Latin-1), ia5, numeric, visible
      if (isAscii(buf, s, e)) return latin1(buf, s, e);
      text = latin1(buf, s, e);
  }
  return text.normalize('NFC');
}
