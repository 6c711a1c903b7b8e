/**
 * Unit tests of the name rules used by path validation: DN comparison (RFC 5280 §7.1) and
 * name-constraint matching for every supported name form.
 */
import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { comparableName, isWithinDnSubtree } from '../src/cert/distinguishedName.js';
import type { PlainGeneralName } from '../src/trust/generalNames.js';
import { nameInSubtree } from '../src/trust/nameConstraints.js';

type Atv = [oid: string, value: asn1js.BaseBlock];

function nameDer(rdns: Atv[][]): ArrayBuffer {
  return new asn1js.Sequence({
    value: rdns.map(
      (rdn) =>
        new asn1js.Set({
          value: rdn.map(
            ([oid, value]) =>
              new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), value] }),
          ),
        }),
    ),
  }).toBER(false);
}

const C = '2.5.4.6';
const O = '2.5.4.10';
const CN = '2.5.4.3';
const UID = '0.9.2342.19200300.100.1.1';
const utf8 = (s: string) => new asn1js.Utf8String({ value: s });
const printable = (s: string) => new asn1js.PrintableString({ value: s });

describe('distinguished-name comparison', () => {
  it('ignores case, surrounding and repeated whitespace and the string type', () => {
    const a = comparableName(nameDer([[[C, printable('VN')]], [[O, printable('Kyso  Test ')]]]));
    const b = comparableName(nameDer([[[C, utf8('vn')]], [[O, utf8(' kyso test')]]]));
    expect(a.key).toBe(b.key);
  });

  it('compares Vietnamese text after Unicode normalisation (NFC vs NFD)', () => {
    const nfc = comparableName(nameDer([[[CN, utf8('Nguyễn Văn An'.normalize('NFC'))]]]));
    const nfd = comparableName(nameDer([[[CN, utf8('Nguyễn Văn An'.normalize('NFD'))]]]));
    expect(nfc.key).toBe(nfd.key);
    const other = comparableName(nameDer([[[CN, utf8('Nguyen Van An')]]]));
    expect(other.key).not.toBe(nfc.key);
  });

  it('treats multi-valued RDNs as sets, but RDN order as significant', () => {
    const ab = comparableName(
      nameDer([
        [
          [CN, utf8('An')],
          [UID, utf8('CCCD:001099012345')],
        ],
      ]),
    );
    const ba = comparableName(
      nameDer([
        [
          [UID, utf8('CCCD:001099012345')],
          [CN, utf8('An')],
        ],
      ]),
    );
    expect(ab.key).toBe(ba.key);
    const split = comparableName(nameDer([[[CN, utf8('An')]], [[UID, utf8('CCCD:001099012345')]]]));
    expect(split.key).not.toBe(ab.key);
  });

  it('compares non-string values byte for byte and throws on malformed names', () => {
    const a = comparableName(nameDer([[[CN, new asn1js.Integer({ value: 5 })]]]));
    const b = comparableName(nameDer([[[CN, new asn1js.Integer({ value: 6 })]]]));
    expect(a.key).not.toBe(b.key);
    expect(() => comparableName(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toThrow();
  });

  it('DN subtrees are RDN prefixes', () => {
    const base = comparableName(nameDer([[[C, printable('VN')]], [[O, utf8('Kyso Test')]]]));
    const inside = comparableName(
      nameDer([[[C, printable('VN')]], [[O, utf8('KYSO TEST')]], [[CN, utf8('An')]]]),
    );
    const outside = comparableName(
      nameDer([[[C, printable('VN')]], [[O, utf8('Other')]], [[CN, utf8('An')]]]),
    );
    expect(isWithinDnSubtree(inside, base)).toBe(true);
    expect(isWithinDnSubtree(outside, base)).toBe(false);
    expect(isWithinDnSubtree(base, inside)).toBe(false);
  });

  it('collects emailAddress attributes for rfc822 constraints', () => {
    const n = comparableName(
      nameDer([[['1.2.840.113549.1.9.1', new asn1js.IA5String({ value: 'an@kyso.test' })]]]),
    );
    expect(n.emails).toEqual(['an@kyso.test']);
  });
});

describe('name-constraint matching', () => {
  const email = (value: string): PlainGeneralName => ({ kind: 'email', value });
  const dns = (value: string): PlainGeneralName => ({ kind: 'dns', value });
  const uri = (value: string): PlainGeneralName => ({ kind: 'uri', value });
  const ip = (...bytes: number[]): PlainGeneralName => ({ kind: 'ip', bytes: new Uint8Array(bytes) });

  it('rfc822: mailbox, host and domain forms', () => {
    expect(nameInSubtree(email('an@kyso.test'), email('an@kyso.test'))).toBe(true);
    expect(nameInSubtree(email('binh@kyso.test'), email('an@kyso.test'))).toBe(false);
    expect(nameInSubtree(email('an@KYSO.test'), email('kyso.test'))).toBe(true);
    expect(nameInSubtree(email('an@mail.kyso.test'), email('kyso.test'))).toBe(false);
    expect(nameInSubtree(email('an@mail.kyso.test'), email('.kyso.test'))).toBe(true);
    expect(nameInSubtree(email('an@kyso.test'), email('.kyso.test'))).toBe(false);
  });

  it('DNS: the name itself and its subdomains, not look-alikes', () => {
    expect(nameInSubtree(dns('kyso.test'), dns('kyso.test'))).toBe(true);
    expect(nameInSubtree(dns('www.Kyso.test'), dns('kyso.test'))).toBe(true);
    expect(nameInSubtree(dns('notkyso.test'), dns('kyso.test'))).toBe(false);
    expect(nameInSubtree(dns('anything.vn'), dns(''))).toBe(true);
  });

  it('URI: by host, exact or domain', () => {
    expect(nameInSubtree(uri('https://dichvucong.gov.vn/p/home'), uri('dichvucong.gov.vn'))).toBe(true);
    expect(nameInSubtree(uri('https://x.gov.vn/'), uri('.gov.vn'))).toBe(true);
    expect(nameInSubtree(uri('https://gov.vn.evil.test/'), uri('.gov.vn'))).toBe(false);
    expect(nameInSubtree(uri('urn:isbn:123'), uri('gov.vn'))).toBe(false);
  });

  it('IP: address and mask, IPv4 and IPv6 kept apart', () => {
    expect(nameInSubtree(ip(10, 1, 2, 3), ip(10, 1, 0, 0, 255, 255, 0, 0))).toBe(true);
    expect(nameInSubtree(ip(10, 2, 2, 3), ip(10, 1, 0, 0, 255, 255, 0, 0))).toBe(false);
    expect(nameInSubtree(ip(...new Array(16).fill(0)), ip(10, 1, 0, 0, 255, 255, 0, 0))).toBe(false);
  });

  it('different name forms never match', () => {
    expect(nameInSubtree(dns('kyso.test'), email('kyso.test'))).toBe(false);
  });
});
