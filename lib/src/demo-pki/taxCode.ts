/**
 * Vietnamese tax code (mã số thuế, MST) check digit, used to give demo organizations
 * well-formed tax codes. N10 = 10 − (Σ Ni·Wi mod 11) with W = [31,29,23,19,17,13,7,5,3];
 * a result of 10 has no valid check digit.
 */
const MST_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/** The check digit for the first nine digits, or `undefined` when no digit fits. */
export function mstCheckDigit(firstNine: string): number | undefined {
  if (!/^\d{9}$/.test(firstNine)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * MST_WEIGHTS[i]!;
  const digit = 10 - (sum % 11);
  return digit >= 10 ? undefined : digit;
}

/** True for `NNNNNNNNNN` or `NNNNNNNNNN-NNN` (branch ≠ 000) with a valid check digit. */
export function isValidMst(mst: string): boolean {
  const m = /^(\d{9})(\d)(?:-(\d{3}))?$/.exec(mst);
  if (!m) return false;
  if (m[3] === '000') return false;
  return mstCheckDigit(m[1]!) === Number(m[2]);
}
