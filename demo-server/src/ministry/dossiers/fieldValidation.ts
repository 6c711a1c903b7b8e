/**
 * Validation of a procedure's form: each value is normalised (trimmed, NFC, spaces collapsed; phones in the
 * national form) and checked by its field kind; problems come back per field as stable codes, with the
 * input kept so the form can be shown again as typed.
 */
import { validateCccd, validateVietnameseMobile } from '@kyso/lib';
import type { FieldRequirement, FieldSpec, Procedure } from './procedures.js';

export type FieldProblemCode =
  | 'FIELD_REQUIRED'
  | 'FIELD_TOO_LONG'
  | 'NAME_INVALID'
  | 'CCCD_INVALID'
  | 'ID_NOT_ACCOUNT_HOLDER'
  | 'DATE_INVALID'
  | 'DATE_IN_FUTURE'
  | 'PHONE_INVALID'
  | 'EMAIL_INVALID'
  | 'OPTION_INVALID';

export type FormValues = Record<string, string>;

export type FormValidation =
  | { ok: true; values: FormValues }
  | { ok: false; values: FormValues; errors: Record<string, FieldProblemCode> };

export interface ValidationContext {
  /** The account holder's CCCD: the declarant's `soDinhDanh` must be it. */
  accountIdNumber: string;
  now: Date;
}

/** Trim, Unicode NFC, whitespace runs to one space (line breaks kept as `\n` in long texts). */
export function normaliseText(raw: string, multiline: boolean): string {
  const nfc = raw.normalize('NFC').replace(/\r\n?/g, '\n');
  if (multiline)
    return nfc
      .split('\n')
      .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  return nfc.replace(/[\s\u00a0]+/g, ' ').trim();
}

const NAME = /^[\p{L}\p{M}]+(?:[ '\-.][\p{L}\p{M}]+)*$/u;
const EMAIL =
  /^[^\s@"(),:;<>[\\\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `dd/mm/yyyy` of a real day from 1900 on, or null. Returns the zero-padded form. */
export function parseDayMonthYear(value: string): { text: string; utc: number } | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return null;
  const utc = Date.UTC(y, mo - 1, d);
  if (new Date(utc).getUTCDate() !== d) return null;
  return { text: `${String(d).padStart(2, '0')}/${String(mo).padStart(2, '0')}/${y}`, utc };
}

function isRequired(req: FieldRequirement, values: FormValues): boolean {
  switch (req.kind) {
    case 'always':
      return true;
    case 'optional':
      return false;
    case 'when':
      return req.values.includes(values[req.field] ?? '');
    case 'unless':
      return !req.values.includes(values[req.field] ?? '');
  }
}

/** The normalised value of one field, or the problem. Empty values are handled by the caller. */
function checkField(
  field: FieldSpec,
  value: string,
  ctx: ValidationContext,
): { value: string } | { problem: FieldProblemCode } {
  if (value.length > field.maxLength) return { problem: 'FIELD_TOO_LONG' };
  switch (field.kind) {
    case 'text':
    case 'longText':
      return { value };
    case 'personName':
      return NAME.test(value) ? { value } : { problem: 'NAME_INVALID' };
    case 'cccd': {
      const r = validateCccd(value);
      if (!r.valid) return { problem: 'CCCD_INVALID' };
      if (field.name === 'soDinhDanh' && r.value !== ctx.accountIdNumber)
        return { problem: 'ID_NOT_ACCOUNT_HOLDER' };
      return { value: r.value };
    }
    case 'date': {
      const d = parseDayMonthYear(value);
      if (!d) return { problem: 'DATE_INVALID' };
      return d.utc > ctx.now.getTime() ? { problem: 'DATE_IN_FUTURE' } : { value: d.text };
    }
    case 'phone': {
      const r = validateVietnameseMobile(value);
      return r.valid && r.national ? { value: r.national } : { problem: 'PHONE_INVALID' };
    }
    case 'email':
      return EMAIL.test(value) ? { value: value.toLowerCase() } : { problem: 'EMAIL_INVALID' };
    case 'gender':
    case 'choice':
      return field.options?.some((o) => o.value === value) ? { value } : { problem: 'OPTION_INVALID' };
  }
}

/**
 * Validates `body` against the procedure. Only the procedure's fields are read; a field that is not
 * required by the other answers (e.g. the delivery address when collecting in person) is left out.
 */
export function validateForm(
  procedure: Procedure,
  body: Readonly<Record<string, unknown>>,
  ctx: ValidationContext,
): FormValidation {
  const typed: FormValues = {};
  for (const f of procedure.fields) {
    const raw = body[f.name];
    typed[f.name] = typeof raw === 'string' ? normaliseText(raw, f.kind === 'longText') : '';
  }
  const values: FormValues = {};
  const errors: Record<string, FieldProblemCode> = {};
  for (const f of procedure.fields) {
    const v = typed[f.name] ?? '';
    const required = isRequired(f.requirement, typed);
    if (v === '') {
      if (required) errors[f.name] = 'FIELD_REQUIRED';
      continue;
    }
    if (f.requirement.kind !== 'always' && f.requirement.kind !== 'optional' && !required) continue;
    const r = checkField(f, v, ctx);
    if ('problem' in r) errors[f.name] = r.problem;
    else values[f.name] = r.value;
  }
  return Object.keys(errors).length === 0 ? { ok: true, values } : { ok: false, values: typed, errors };
}

/** `YYYYMMDD` (the DVCQG claim) → `dd/mm/yyyy`; anything else → ''. */
function claimDate(v: unknown): string {
  if (typeof v !== 'string' || !/^\d{8}$/.test(v)) return '';
  return parseDayMonthYear(`${v.slice(6, 8)}/${v.slice(4, 6)}/${v.slice(0, 4)}`)?.text ?? '';
}

/** Initial form values from the national portal's claims (then the account's own data). */
export function prefillValues(
  procedure: Procedure,
  claims: Readonly<Record<string, unknown>> | null,
  account: { idNumber: string; fullName: string; email: string | null; phone: string | null },
): FormValues {
  const fallback: Record<string, string> = {
    HoVaTen: account.fullName,
    SoDinhDanh: account.idNumber,
    ThuDienTu: account.email ?? '',
    SoDienThoai: account.phone ?? '',
  };
  const out: FormValues = {};
  for (const f of procedure.fields) {
    if (!f.prefillClaim) continue;
    const c = claims?.[f.prefillClaim];
    let v = '';
    if (f.prefillClaim === 'NgayThangNamSinh') v = claimDate(c);
    else if (f.prefillClaim === 'GioiTinh') v = c === 1 || c === '1' ? '1' : c === 2 || c === '2' ? '2' : '';
    else if (typeof c === 'string') v = normaliseText(c, false);
    out[f.name] = v || (fallback[f.prefillClaim] ?? '');
  }
  return out;
}
