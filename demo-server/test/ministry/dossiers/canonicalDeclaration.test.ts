/** The canonical declaration: deterministic bytes, sorted keys, NFC, round trip, altered text refused. */
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  DECLARATION_FORMAT,
  type Declaration,
  declarationTime,
  parseDeclaration,
  serialiseDeclaration,
} from '../../../src/ministry/dossiers/canonicalDeclaration.js';

const base: Declaration = {
  format: DECLARATION_FORMAT,
  procedure: 'dang-ky-thuong-tru',
  accountId: 'acc-1',
  declarantId: '001090012345',
  fields: { hoVaTen: 'Nguyễn Văn An', soDinhDanh: '001090012345', diaChiDangKy: 'Số 1 Tràng Tiền' },
  nonce: 'AAECAwQFBgcICQoLDA0ODw',
  createdAt: '2026-11-27T08:00:00Z',
};

describe('canonical declaration', () => {
  it('is UTF-8 JSON with keys sorted at every level and no whitespace, with a fixed digest', () => {
    const s = serialiseDeclaration(base);
    expect(s.text).toBe(
      '{"accountId":"acc-1","createdAt":"2026-11-27T08:00:00Z","declarantId":"001090012345",' +
        '"fields":{"diaChiDangKy":"Số 1 Tràng Tiền","hoVaTen":"Nguyễn Văn An","soDinhDanh":"001090012345"},' +
        `"format":"${DECLARATION_FORMAT}","nonce":"AAECAwQFBgcICQoLDA0ODw","procedure":"dang-ky-thuong-tru"}`,
    );
    expect(Buffer.from(s.bytes).toString('utf8')).toBe(s.text);
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Insertion order does not matter.
    const reordered = {
      ...base,
      fields: { soDinhDanh: '001090012345', diaChiDangKy: 'Số 1 Tràng Tiền', hoVaTen: 'Nguyễn Văn An' },
    };
    expect(serialiseDeclaration(reordered).sha256).toBe(s.sha256);
  });

  it('writes strings in NFC: decomposed and precomposed Vietnamese give the same bytes', () => {
    const nfd = { ...base, fields: { ...base.fields, hoVaTen: 'Nguyễn Văn An'.normalize('NFD') } };
    expect('Nguyễn Văn An'.normalize('NFD')).not.toBe('Nguyễn Văn An');
    expect(serialiseDeclaration(nfd).text).toBe(serialiseDeclaration(base).text);
  });

  it('escapes quotes and control characters as JSON does, and refuses non-integers', () => {
    expect(canonicalJson({ b: 'x"\n\u0001', a: [1, true, null] })).toBe(
      '{"a":[1,true,null],"b":"x\\"\\n\\u0001"}',
    );
    expect(() => canonicalJson({ a: 1.5 })).toThrow(TypeError);
  });

  it('parses back only a canonical declaration', () => {
    const s = serialiseDeclaration(base);
    expect(parseDeclaration(s.text)).toEqual(base);
    expect(parseDeclaration(s.text.replace('Số 1', 'Số 9'))).not.toBeNull(); // still canonical, content changed
    expect(parseDeclaration(JSON.stringify(base, null, 2))).toBeNull(); // not canonical
    expect(parseDeclaration('{')).toBeNull();
    expect(parseDeclaration(s.text.replace(DECLARATION_FORMAT, 'other/1'))).toBeNull();
    expect(parseDeclaration(JSON.stringify({ ...base, extra: 1 }))).toBeNull();
  });

  it('keeps whole seconds of the creation time', () => {
    expect(declarationTime(Date.UTC(2026, 10, 27, 8, 0, 0, 999))).toBe('2026-11-27T08:00:00Z');
  });
});
