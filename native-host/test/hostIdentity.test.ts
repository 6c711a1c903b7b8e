import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chromeExtensionIds,
  chromeIdFromPublicKey,
  DEFAULT_CHROME_EXTENSION_ID,
  FIREFOX_EXTENSION_ID,
  firefoxExtensionIds,
  HOST_NAME,
} from '../src/extensionIds.js';
import { HOST_VERSION } from '../src/hostVersion.js';
import { decodeHandle, encodeHandle } from '../src/pkcs11/certificateHandle.js';
import { CKR, codeForReturnValue, returnValueOf } from '../src/pkcs11/returnValueMapping.js';

describe('extension ids', () => {
  it('the default Chrome id is the one of the extension key', () => {
    const { key, chromeId } = JSON.parse(
      readFileSync(new URL('../../extension/extensionKey.json', import.meta.url), 'utf8'),
    ) as { key: string; chromeId: string };
    expect(chromeIdFromPublicKey(key)).toBe(chromeId);
    expect(DEFAULT_CHROME_EXTENSION_ID).toBe(chromeId);
  });

  it('has the fixed host name and Firefox id, with env overrides', () => {
    expect(HOST_NAME).toBe('vn.kyso.host');
    expect(FIREFOX_EXTENSION_ID).toBe('kyso@kyso.vn');
    expect(chromeExtensionIds({})).toEqual([DEFAULT_CHROME_EXTENSION_ID]);
    expect(chromeExtensionIds({ KYSO_CHROME_EXTENSION_ID: 'a, b' })).toEqual(['a', 'b']);
    expect(firefoxExtensionIds({ KYSO_FIREFOX_EXTENSION_ID: 'dev@kyso.vn' })).toEqual(['dev@kyso.vn']);
  });

  it('reports the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(HOST_VERSION).toBe(pkg.version);
  });
});

describe('certificate handles', () => {
  it('round-trip module, serial and CKA_ID', () => {
    const parts = {
      module: '/usr/lib/vnptca_p11_v8.so',
      serial: 'A1B2-C3',
      id: Buffer.from([0, 1, 254, 255]),
    };
    const handle = encodeHandle(parts);
    expect(handle).toMatch(/^k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/);
    expect(decodeHandle(handle)).toEqual(parts);
    expect(encodeHandle(parts)).toBe(handle);
    expect(decodeHandle(encodeHandle({ module: 'm', serial: '', id: Buffer.alloc(0) }))).toEqual({
      module: 'm',
      serial: '',
      id: Buffer.alloc(0),
    });
  });

  it('reject strings that are not handles', () => {
    for (const bad of ['', 'k1', 'k2.a.b.c', 'k1.a.b', 'k1.a.b.c.d', 'k1..b.c', 'k1.a+.b.c'])
      expect(decodeHandle(bad), bad).toBeUndefined();
  });
});

describe('PKCS#11 return values', () => {
  it('map to the shared codes', () => {
    expect(codeForReturnValue(CKR.PIN_INCORRECT)).toBe('PIN_INCORRECT');
    expect(codeForReturnValue(CKR.PIN_LOCKED)).toBe('PIN_LOCKED');
    expect(codeForReturnValue(CKR.PIN_LEN_RANGE)).toBe('PIN_INVALID');
    expect(codeForReturnValue(CKR.DEVICE_REMOVED)).toBe('TOKEN_REMOVED');
    expect(codeForReturnValue(CKR.TOKEN_NOT_PRESENT)).toBe('TOKEN_REMOVED');
    expect(codeForReturnValue(CKR.MECHANISM_INVALID)).toBe('MECHANISM_UNSUPPORTED');
    expect(codeForReturnValue(CKR.FUNCTION_CANCELED)).toBe('USER_CANCELLED');
    expect(codeForReturnValue(CKR.KEY_HANDLE_INVALID)).toBe('CERTIFICATE_NOT_FOUND');
    expect(codeForReturnValue(0x12345)).toBe('INTERNAL');
  });

  it('read the CKR value from a pkcs11js error', () => {
    const e = Object.assign(new Error('CKR_PIN_INCORRECT'), { code: 0xa0 });
    expect(returnValueOf(e)).toEqual({ rv: 0xa0, name: 'CKR_PIN_INCORRECT' });
    expect(returnValueOf(new Error('other'))).toBeUndefined();
  });
});
