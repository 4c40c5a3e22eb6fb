/**
 * The project's one money module (SPEC §3 "Money", §5.5 "split by largest remainder").
 *
 * Money is `{amountMinor, currency}` with `amountMinor` a non-negative safe integer in the
 * currency's minor unit (USD cents, JPY yen). Arithmetic never goes through floats: sums, splits
 * and conversions run on BigInt and come back as numbers only once they are known to be exact.
 */

export const CURRENCIES = ['USD', 'JPY'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Money {
  amountMinor: number;
  currency: Currency;
}

/** ISO 4217 minor-unit exponents: JPY has no minor unit. */
export const MINOR_UNIT_DIGITS: Readonly<Record<Currency, number>> = { USD: 2, JPY: 0 };

/** FX rates are stored as decimal strings with at most this many fractional digits. */
export const MAX_RATE_DECIMALS = 10;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Raised when amounts of different currencies would be combined (SPEC §3: never mixed). */
export class CurrencyMismatchError extends RangeError {
  constructor(expected: Currency, actual: Currency) {
    super(`currency mismatch: expected ${expected}, got ${actual}`);
    this.name = 'CurrencyMismatchError';
  }
}

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && (CURRENCIES as readonly string[]).includes(value);
}

export function assertCurrency(value: unknown): asserts value is Currency {
  if (!isCurrency(value)) {
    throw new RangeError(
      `unknown currency ${JSON.stringify(value)}: expected ${CURRENCIES.join(' or ')}`,
    );
  }
}

/** Amounts are exact integers: floats, NaN, ±Infinity and unsafe integers are refused. */
export function assertMinorAmount(value: unknown, label = 'amountMinor'): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RangeError(`${label} must be a safe integer, got ${String(value)}`);
  }
  if (value < 0) throw new RangeError(`${label} must be >= 0, got ${value}`);
}

export function assertMoney(value: Money): void {
  assertCurrency(value.currency);
  assertMinorAmount(value.amountMinor);
}

export function money(amountMinor: number, currency: Currency): Money {
  assertCurrency(currency);
  assertMinorAmount(amountMinor);
  // -0 passes the integer checks; normalise it so JSON and equality stay boring.
  return { amountMinor: amountMinor === 0 ? 0 : amountMinor, currency };
}

/** Converts back from BigInt only when exact, per the "within MAX_SAFE_INTEGER" rule. */
function toSafeNumber(value: bigint, label: string): number {
  if (value > MAX_SAFE || value < -MAX_SAFE) {
    throw new RangeError(`${label} ${value} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return Number(value);
}

export function sum(currency: Currency, amounts: readonly Money[]): Money {
  assertCurrency(currency);
  let total = 0n;
  for (const item of amounts) {
    assertMoney(item);
    if (item.currency !== currency) throw new CurrencyMismatchError(currency, item.currency);
    total += BigInt(item.amountMinor);
  }
  return money(toSafeNumber(total, 'sum'), currency);
}

/** One total per currency present, in CURRENCIES order; currencies are never added together. */
export function sumByCurrency(items: readonly Money[]): Money[] {
  items.forEach(assertMoney);
  return CURRENCIES.filter((currency) => items.some((m) => m.currency === currency)).map(
    (currency) =>
      sum(
        currency,
        items.filter((m) => m.currency === currency),
      ),
  );
}

/**
 * Largest-remainder (Hamilton) apportionment: each part gets the floor of its exact share
 * `total * w / Σw`, then the units left over go one each to the largest remainders, ties to the
 * earlier index, so the parts always add back to `total` (SPEC §5.5) and the result is
 * deterministic. Parts with weight 0 always get 0.
 */
export function splitLargestRemainder(total: number, weights: readonly number[]): number[] {
  assertMinorAmount(total, 'total');
  weights.forEach((w, i) => assertMinorAmount(w, `weights[${i}]`));
  const weightSum = weights.reduce((acc, w) => acc + BigInt(w), 0n);
  if (weightSum === 0n) throw new RangeError('weights must have a positive sum');

  const exact = weights.map((w) => BigInt(total) * BigInt(w));
  const parts = exact.map((share) => share / weightSum);
  const remainders = exact.map((share) => share % weightSum);
  const leftover = Number(BigInt(total) - parts.reduce((acc, p) => acc + p, 0n));

  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    );
  for (const { index } of byRemainder.slice(0, leftover)) parts[index] += 1n;

  return parts.map(Number);
}

/** Percent split (e.g. tranche schedules); the percents must describe the whole. */
export function splitByPercents(total: number, percents: readonly number[]): number[] {
  percents.forEach((p, i) => assertMinorAmount(p, `percents[${i}]`));
  const percentSum = percents.reduce((acc, p) => acc + p, 0);
  if (percentSum !== 100) throw new RangeError(`percents must sum to 100, got ${percentSum}`);
  return splitLargestRemainder(total, percents);
}

export interface DecimalRate {
  numerator: bigint;
  denominator: bigint;
}

/** Plain decimal notation only: no sign, exponent, spaces or bare dots, so "1e5" cannot sneak in. */
const RATE_PATTERN = new RegExp(`^(\\d{1,18})(?:\\.(\\d{1,${MAX_RATE_DECIMALS}}))?$`);

/**
 * Parses an FX rate decimal string (SPEC §5.9 `rate (decimal string)`) into an exact fraction
 * `numerator / 10^decimals`, never through a float.
 */
export function parseDecimalRate(rate: string): DecimalRate {
  if (typeof rate !== 'string') throw new RangeError('rate must be a decimal string');
  const match = RATE_PATTERN.exec(rate);
  if (!match) {
    throw new RangeError(
      `rate ${JSON.stringify(rate)} must be a positive decimal like "151.2345" ` +
        `(digits, optional point, at most ${MAX_RATE_DECIMALS} decimals, no sign or exponent)`,
    );
  }
  const [, whole, fraction = ''] = match;
  const numerator = BigInt(whole + fraction);
  if (numerator === 0n) throw new RangeError(`rate ${JSON.stringify(rate)} must be > 0`);
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/** floor((n + d/2) / d) for n >= 0, d > 0: round half up without leaving the integers. */
function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * `rate` is the price of one major unit of `amount.currency` in major units of `to`. The exact
 * result in target minor units is `amountMinor * rate * 10^digits(to) / 10^digits(from)`,
 * rounded half up (half away from zero, amounts being non-negative) to the target's minor unit.
 */
export function convert(amount: Money, to: Currency, rate: string): Money {
  assertMoney(amount);
  assertCurrency(to);
  const { numerator, denominator } = parseDecimalRate(rate);
  const scaledNumerator =
    BigInt(amount.amountMinor) * numerator * 10n ** BigInt(MINOR_UNIT_DIGITS[to]);
  const scaledDenominator = denominator * 10n ** BigInt(MINOR_UNIT_DIGITS[amount.currency]);
  const result = divideRoundHalfUp(scaledNumerator, scaledDenominator);
  return money(toSafeNumber(result, 'converted amount'), to);
}

/** Exact major-unit decimal for CSV exports: "1234.56", "0.05", "1234" (JPY). */
export function toMajorString(m: Money): string {
  assertMoney(m);
  const digits = MINOR_UNIT_DIGITS[m.currency];
  if (digits === 0) return String(m.amountMinor);
  const padded = String(m.amountMinor).padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** Human form for e-mails and exports: "USD 1,234.56", "JPY 1,234". */
export function formatMoney(m: Money): string {
  const [whole, fraction] = toMajorString(m).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${m.currency} ${fraction === undefined ? grouped : `${grouped}.${fraction}`}`;
}
