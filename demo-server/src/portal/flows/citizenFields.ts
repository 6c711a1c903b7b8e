/** Validation of the citizen form fields (ID number, name, date of birth, phone, BHXH code). */
import { validateBhxh, validateCccd, validateCmnd, validateVietnameseMobile } from '@kyso/lib';
import type { FlowMessage } from '../i18n/messages.js';

export interface CitizenValues {
  idNumber: string;
  fullName: string;
  dateOfBirth: string;
  phone: string;
  bhxhCode?: string;
}

export type FieldName = keyof CitizenValues;

function text(v: unknown): string {
  return typeof v === 'string' ? v.normalize('NFC').trim() : '';
}

/** "dd/mm/yyyy", a real calendar date, not in the future, not before 1900. */
export function isValidDateOfBirth(s: string, now: number): boolean {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (!m) return false;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  return y >= 1900 && date.getTime() <= now;
}

export function normaliseName(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Names: letters (any script, with diacritics), spaces, at least two words, at most 100 characters. */
export function isValidFullName(s: string): boolean {
  return s.length >= 3 && s.length <= 100 && /^\p{L}+(?: \p{L}+)+$/u.test(s);
}

/**
 * Reads and checks the fields `fields` from a submitted body. Returns the normalised values and one
 * message per bad field.
 */
export function readCitizenFields(
  body: Record<string, unknown>,
  fields: readonly FieldName[],
  now: number,
): { values: Partial<CitizenValues>; messages: FlowMessage[] } {
  const values: Partial<CitizenValues> = {};
  const messages: FlowMessage[] = [];
  const bad = (code: FlowMessage['code'], field: FieldName) => messages.push({ code, type: 'error', field });
  for (const field of fields) {
    const raw = text(body[field]);
    if (raw === '') {
      bad('FIELD_REQUIRED', field);
      continue;
    }
    switch (field) {
      case 'idNumber': {
        const digits = raw.replace(/\s+/g, '');
        const ok = digits.length === 9 ? validateCmnd(digits).valid : validateCccd(digits).valid;
        values.idNumber = digits;
        if (!ok) bad('ID_NUMBER_INVALID', field);
        break;
      }
      case 'fullName': {
        const name = normaliseName(raw);
        values.fullName = name;
        if (!isValidFullName(name)) bad('FULL_NAME_INVALID', field);
        break;
      }
      case 'dateOfBirth':
        values.dateOfBirth = raw;
        if (!isValidDateOfBirth(raw, now)) bad('DATE_OF_BIRTH_INVALID', field);
        break;
      case 'phone': {
        const r = validateVietnameseMobile(raw);
        values.phone = r.valid ? (r.national ?? r.value) : raw;
        if (!r.valid) bad('PHONE_INVALID', field);
        break;
      }
      case 'bhxhCode': {
        const r = validateBhxh(raw);
        values.bhxhCode = r.value;
        if (!r.valid) bad('BHXH_CODE_INVALID', field);
        break;
      }
    }
  }
  return { values, messages };
}
