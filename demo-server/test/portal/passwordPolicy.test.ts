import { describe, expect, it } from 'vitest';
import { checkPassword, PASSWORD_MAX_LENGTH } from '../../src/portal/security/passwordPolicy.js';

const ctx = { personalNumbers: ['001203001234', '0912345678'] };

describe('password rule (seed: ≥ 8 with lower, upper, digit, special; max 128; blocklist; no own numbers)', () => {
  it('accepts a password that meets every rule', () => {
    expect(checkPassword('Sông#Hồng7x', ctx)).toBeUndefined();
  });
  it('length: 7 is refused, 8 accepted', () => {
    expect(checkPassword('Ab#4567', ctx)).toBe('PASSWORD_RULE');
    expect(checkPassword('Kq#45678', ctx)).toBeUndefined();
  });
  it('maximum: 128 accepted, 129 refused', () => {
    const base = 'Kq#4';
    expect(checkPassword(base + 'x'.repeat(PASSWORD_MAX_LENGTH - base.length), ctx)).toBeUndefined();
    expect(checkPassword(base + 'x'.repeat(PASSWORD_MAX_LENGTH - base.length + 1), ctx)).toBe(
      'PASSWORD_TOO_LONG',
    );
  });
  it.each([
    ['no upper case', 'kq#45678z'],
    ['no lower case', 'KQ#45678Z'],
    ['no digit', 'Kq#abcdefg'],
    ['no special character', 'Kq345678z'],
  ])('composition: %s is refused', (_label, pw) => {
    expect(checkPassword(pw, ctx)).toBe('PASSWORD_RULE');
  });
  it('refuses the published example and decorated common words', () => {
    expect(checkPassword('Aa@123456', ctx)).toBe('PASSWORD_COMMON');
    expect(checkPassword('Password@2024', ctx)).toBe('PASSWORD_COMMON');
    expect(checkPassword('MatKhau#99', ctx)).toBe('PASSWORD_COMMON');
    expect(checkPassword('Hovaten@123', ctx)).toBe('PASSWORD_COMMON');
  });
  it('refuses passwords containing the citizen ID or phone number', () => {
    expect(checkPassword('Xy#001203001234', ctx)).toBe('PASSWORD_CONTAINS_PERSONAL');
    expect(checkPassword('Xy#0912345678', ctx)).toBe('PASSWORD_CONTAINS_PERSONAL');
    expect(checkPassword('Xy#912345678!', ctx)).toBe('PASSWORD_CONTAINS_PERSONAL');
    expect(checkPassword('Xy#84912345678', ctx)).toBe('PASSWORD_CONTAINS_PERSONAL');
  });
});
