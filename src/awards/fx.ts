import { parseDecimalRate } from '../common/money/money';

/**
 * Awards read one direction of the FX table: base USD, quote JPY, i.e. yen per dollar, the way
 * the rate is quoted and stored on the award (`fxRateJpyPerUsd`).
 */
export const AWARD_FX = { base: 'USD', quote: 'JPY' } as const;

/**
 * Yen to US cents at `jpyPerUsd` yen per dollar, rounded half up: cents = yen × 100 / rate,
 * computed as yen × 100 × 10^d / n for the rate n / 10^d, on BigInt so it is exact.
 */
export function jpyToUsdMinor(yen: number, jpyPerUsd: string): number {
  const { numerator, denominator } = parseDecimalRate(jpyPerUsd);
  const scaled = BigInt(yen) * 100n * denominator;
  const cents = (2n * scaled + numerator) / (2n * numerator);
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`USD amount ${cents} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return Number(cents);
}

/** numeric(24,10) reads back as "150.2500000000": the same rate as it was written, "150.25". */
export function trimRate(rate: string): string {
  return rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
}
