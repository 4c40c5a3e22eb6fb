import type { FieldError } from '../common/errors/app-error';

/** ABA routing number check digit: weights 3 7 1 repeated; the weighted sum is a multiple of 10. */
export function isValidAbaRoutingNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  return sum % 10 === 0;
}

export const ACH_NAME_MAX = 22;

/** What NACHA's receiver-name field carries safely across every bank: upper-case ASCII and a few marks. */
const ACH_NAME_CHAR = /^[A-Z0-9 &'(),\-./]$/;

/**
 * The holder name as it will appear in the NACHA entry: accents dropped (José → JOSE), full-width
 * forms folded, upper case, runs of spaces collapsed. A character with no such form is an error
 * naming it, so the caller can fix the name rather than have the bank mangle it.
 */
export function normaliseAchName(
  input: string,
  field = 'holderName',
): { name: string } | { error: FieldError } {
  const folded = input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();
  for (const char of folded) {
    if (!ACH_NAME_CHAR.test(char)) {
      return { error: { field, message: `"${char}" cannot be written in an ACH holder name` } };
    }
  }
  if (folded.length < 1 || folded.length > ACH_NAME_MAX) {
    return {
      error: { field, message: `must be 1 to ${ACH_NAME_MAX} characters after normalisation` },
    };
  }
  return { name: folded };
}
