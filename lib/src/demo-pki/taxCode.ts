/**
 * Vietnamese tax code (mã số thuế, MST) helpers for the demo PKI, which gives demo organizations
 * well-formed tax codes. The check-digit rule lives in the identity module (`mstCheckDigit`,
 * `validateMst`); these keep the demo API's shape.
 */
import { mstCheckDigit as formulaDigit, validateMst } from '../identity/identifierValidators.js';

/** The check digit for the first nine digits, or `undefined` when no digit fits. */
export function mstCheckDigit(firstNine: string): number | undefined {
  if (!/^\d{9}$/.test(firstNine)) return undefined;
  const digit = formulaDigit(firstNine);
  return digit >= 10 ? undefined : digit;
}

/** True for `NNNNNNNNNN` or `NNNNNNNNNN-NNN` (branch ≠ 000) with a valid check digit. */
export function isValidMst(mst: string): boolean {
  return /^\d{10}(?:-\d{3})?$/.test(mst) && validateMst(mst).valid;
}
