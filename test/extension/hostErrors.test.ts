import { describe, expect, it } from 'vitest';
import {
  asKysoError,
  classifyDisconnect,
  fromHostError,
  hostUnavailable,
} from '../../extension/src/background/hostErrors.js';
import { KysoError } from '../../lib/src/protocol/index.js';

describe('host error mapping', () => {
  it.each([
    ['Specified native messaging host not found.', 'not-installed'],
    ['No such native application vn.kyso.host', 'not-installed'],
    ['Access to the specified native messaging host is forbidden.', 'forbidden'],
    ['Native host has exited.', 'exited'],
    ['Error when communicating with the native messaging host.', 'communication'],
    [
      'Native application tried to send a message of 1048606 bytes, which exceeds the limit of 1048576 bytes.',
      'communication',
    ],
    [undefined, 'unknown'],
  ])('classifies %s as %s', (message, reason) => {
    expect(classifyDisconnect(message)).toBe(reason);
    const e = hostUnavailable(message);
    expect(e.code).toBe('HOST_UNAVAILABLE');
    expect(e.data).toEqual({ reason });
  });

  it('keeps the host code and its data (PIN retries) and maps unknown codes to INTERNAL', () => {
    const pin = fromHostError({ code: 'PIN_INCORRECT', message: 'wrong', data: { pinFinalTry: true } });
    expect(pin.code).toBe('PIN_INCORRECT');
    expect(pin.data).toEqual({ pinFinalTry: true });
    expect(fromHostError({ code: 'CKR_SOMETHING', message: 'x' }).code).toBe('INTERNAL');
    expect(fromHostError('garbage').code).toBe('INTERNAL');
  });

  it('wraps any thrown value as a KysoError', () => {
    const k = new KysoError('BUSY');
    expect(asKysoError(k)).toBe(k);
    expect(asKysoError(new TypeError('x is undefined'))).toMatchObject({ code: 'INTERNAL' });
    expect(asKysoError('weird')).toMatchObject({ code: 'INTERNAL', message: 'weird' });
  });
});
