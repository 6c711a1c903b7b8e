/**
 * The portal's password rule: the seed's composition rule ("8 ký tự trở lên bao gồm chữ thường, chữ in
 * hoa, số và ký tự đặc biệt"), at most 128 characters, not a common password, and not containing the
 * citizen's own ID number or phone number.
 */
import type { MessageCode } from '../i18n/messages.js';
import { COMMON_BASE_WORDS, COMMON_PASSWORDS } from './commonPasswords.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordContext {
  /** CCCD/CMND/MST and phone numbers that must not appear in the password. */
  personalNumbers: readonly (string | null | undefined)[];
}

export type PasswordProblem = Extract<
  MessageCode,
  'PASSWORD_RULE' | 'PASSWORD_TOO_LONG' | 'PASSWORD_COMMON' | 'PASSWORD_CONTAINS_PERSONAL'
>;

function foldLetters(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Returns the first rule the password breaks, or undefined when it is acceptable. */
export function checkPassword(password: string, context: PasswordContext): PasswordProblem | undefined {
  const length = [...password].length;
  if (length > PASSWORD_MAX_LENGTH) return 'PASSWORD_TOO_LONG';
  if (
    length < PASSWORD_MIN_LENGTH ||
    !/\p{Ll}/u.test(password) ||
    !/\p{Lu}/u.test(password) ||
    !/\p{Nd}/u.test(password) ||
    !/[^\p{L}\p{Nd}\s]/u.test(password)
  )
    return 'PASSWORD_RULE';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || COMMON_BASE_WORDS.has(foldLetters(password))) return 'PASSWORD_COMMON';
  const digitsOnly = password.replace(/\D/g, '');
  for (const n of context.personalNumbers) {
    if (!n) continue;
    const variants = [n, n.replace(/^0/, ''), n.replace(/^0/, '84')].filter((v) => v.length >= 6);
    if (variants.some((v) => password.includes(v) || digitsOnly.includes(v)))
      return 'PASSWORD_CONTAINS_PERSONAL';
  }
  return undefined;
}
