import fc from 'fast-check';
import {
  CURRENCIES,
  Currency,
  CurrencyMismatchError,
  MINOR_UNIT_DIGITS,
  Money,
  convert,
  formatMoney,
  money,
  parseDecimalRate,
  splitByPercents,
  splitLargestRemainder,
  sum,
  sumByCurrency,
  toMajorString,
} from './money';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const currencyArb = fc.constantFrom(...CURRENCIES);
/** Large enough to stress BigInt paths, small enough that a few hundred still sum safely. */
const amountArb = fc.integer({ min: 0, max: 2 ** 40 });
const moneyArb = fc.record({ amountMinor: amountArb, currency: currencyArb });
/** Keeps most conversions (amount × rate × 100) inside MAX_SAFE_INTEGER so the check has teeth. */
const convertibleArb = fc.record({
  amountMinor: fc.integer({ min: 0, max: 1e9 }),
  currency: currencyArb,
});
const weightsArb = fc
  .array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 20 })
  .filter((ws) => ws.some((w) => w > 0));
/** Rates the parser accepts: up to 5 integer digits and 0–10 decimals, never zero. */
const rateArb = fc
  .tuple(
    fc.bigInt({ min: 0n, max: 99_999n }),
    fc.integer({ min: 0, max: 10 }),
    fc.bigInt({ min: 0n, max: 9_999_999_999n }),
  )
  .map(([whole, decimals, fraction]) => {
    const frac =
      decimals === 0
        ? ''
        : `.${(fraction % 10n ** BigInt(decimals)).toString().padStart(decimals, '0')}`;
    return `${whole}${frac}`;
  })
  .filter((rate) => /[1-9]/.test(rate));

const bigSum = (values: number[]) => values.reduce((acc, v) => acc + BigInt(v), 0n);

/** Exact conversion as a fraction N/D in target minor units, computed independently. */
function exactConversion(amount: Money, to: Currency, rate: string): { n: bigint; d: bigint } {
  const [whole, fraction = ''] = rate.split('.');
  return {
    n: BigInt(amount.amountMinor) * BigInt(whole + fraction) * 10n ** BigInt(MINOR_UNIT_DIGITS[to]),
    d: 10n ** BigInt(fraction.length) * 10n ** BigInt(MINOR_UNIT_DIGITS[amount.currency]),
  };
}

describe('money()', () => {
  it('builds a value and normalises -0', () => {
    expect(money(123, 'USD')).toEqual({ amountMinor: 123, currency: 'USD' });
    expect(Object.is(money(-0, 'JPY').amountMinor, 0)).toBe(true);
    expect(money(Number.MAX_SAFE_INTEGER, 'JPY').amountMinor).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([1.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1, 2 ** 60, -1])(
    'refuses %p with a RangeError',
    (bad) => {
      expect(() => money(bad, 'USD')).toThrow(RangeError);
    },
  );

  it('refuses non-numbers and unknown currencies', () => {
    expect(() => money('100' as unknown as number, 'USD')).toThrow(RangeError);
    expect(() => money(100, 'EUR' as Currency)).toThrow(/unknown currency "EUR"/);
  });
});

describe('sum()', () => {
  it('adds amounts of one currency', () => {
    expect(sum('USD', [money(150, 'USD'), money(250, 'USD')])).toEqual(money(400, 'USD'));
    expect(sum('JPY', [])).toEqual(money(0, 'JPY'));
  });

  it('refuses a currency mismatch', () => {
    expect(() => sum('USD', [money(1, 'USD'), money(1, 'JPY')])).toThrow(CurrencyMismatchError);
    expect(() => sum('USD', [money(1, 'JPY')])).toThrow(RangeError);
  });

  it('refuses invalid items and totals beyond MAX_SAFE_INTEGER', () => {
    expect(() => sum('USD', [{ amountMinor: 1.5, currency: 'USD' }])).toThrow(RangeError);
    expect(() => sum('USD', [{ amountMinor: NaN, currency: 'USD' }])).toThrow(RangeError);
    expect(() => sum('USD', [money(Number.MAX_SAFE_INTEGER, 'USD'), money(1, 'USD')])).toThrow(
      /exceeds Number.MAX_SAFE_INTEGER/,
    );
  });

  it('equals the BigInt sum, or throws exactly when that is unsafe', () => {
    fc.assert(
      fc.property(fc.array(fc.maxSafeNat(), { maxLength: 5 }), (values) => {
        const expected = bigSum(values);
        const items = values.map((v) => money(v, 'USD'));
        if (expected > MAX_SAFE) expect(() => sum('USD', items)).toThrow(RangeError);
        else expect(BigInt(sum('USD', items).amountMinor)).toBe(expected);
      }),
    );
  });

  it('is commutative and associative', () => {
    fc.assert(
      fc.property(
        currencyArb,
        fc.array(amountArb, { maxLength: 50 }),
        fc.array(amountArb, { maxLength: 50 }),
        (currency, a, b) => {
          const as = a.map((v) => money(v, currency));
          const bs = b.map((v) => money(v, currency));
          const whole = sum(currency, [...as, ...bs]);
          expect(sum(currency, [...bs, ...as])).toEqual(whole);
          expect(sum(currency, [...as].reverse().concat(bs))).toEqual(whole);
          expect(sum(currency, [sum(currency, as), sum(currency, bs)])).toEqual(whole);
        },
      ),
    );
  });
});

describe('sumByCurrency()', () => {
  it('totals each currency separately in CURRENCIES order', () => {
    const items = [money(5, 'JPY'), money(100, 'USD'), money(7, 'JPY'), money(1, 'USD')];
    expect(sumByCurrency(items)).toEqual([money(101, 'USD'), money(12, 'JPY')]);
    expect(sumByCurrency([money(3, 'JPY')])).toEqual([money(3, 'JPY')]);
    expect(sumByCurrency([])).toEqual([]);
  });

  it('refuses invalid items', () => {
    expect(() => sumByCurrency([{ amountMinor: 1.5, currency: 'USD' }])).toThrow(RangeError);
    expect(() => sumByCurrency([{ amountMinor: 1, currency: 'EUR' as Currency }])).toThrow(
      RangeError,
    );
  });

  it('never mixes currencies', () => {
    fc.assert(
      fc.property(fc.array(moneyArb, { maxLength: 60 }), (items) => {
        const totals = sumByCurrency(items);
        const present = CURRENCIES.filter((c) => items.some((m) => m.currency === c));
        expect(totals.map((t) => t.currency)).toEqual(present);
        for (const total of totals) {
          const own = items.filter((m) => m.currency === total.currency).map((m) => m.amountMinor);
          expect(BigInt(total.amountMinor)).toBe(bigSum(own));
        }
      }),
    );
  });
});

describe('splitLargestRemainder()', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [10, [50, 50], [5, 5]],
    [1, [1, 1], [1, 0]],
    [2, [1, 1, 1], [1, 1, 0]],
    [7, [0, 1, 2], [0, 2, 5]],
    [0, [3, 7], [0, 0]],
    [5, [0, 0, 4], [0, 0, 5]],
  ])('splits %p by %p into %p', (total, weights, expected) => {
    expect(splitLargestRemainder(total, weights)).toEqual(expected);
  });

  it('gives leftover units to the largest remainders, not the first parts', () => {
    // exact shares 300.3, 300.3, 400.4: the .4 wins the single leftover unit
    expect(splitByPercents(1001, [30, 30, 40])).toEqual([300, 300, 401]);
  });

  it('stays exact near MAX_SAFE_INTEGER where floats would not', () => {
    const parts = splitLargestRemainder(Number.MAX_SAFE_INTEGER, [1, 1, 1]);
    expect(parts).toEqual([3002399751580331, 3002399751580330, 3002399751580330]);
    expect(bigSum(parts)).toBe(MAX_SAFE);
  });

  it.each([
    [1.5, [1]],
    [NaN, [1]],
    [-1, [1]],
    [Number.MAX_SAFE_INTEGER + 1, [1]],
    [10, []],
    [10, [0, 0]],
    [10, [1, -1, 1]],
    [10, [0.5, 0.5]],
    [10, [NaN]],
  ])('refuses total %p with weights %p', (total, weights) => {
    expect(() => splitLargestRemainder(total, weights)).toThrow(RangeError);
  });

  it('parts are non-negative, within 1 of the exact share, and sum to the total', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), weightsArb, (total, weights) => {
        const parts = splitLargestRemainder(total, weights);
        const weightSum = bigSum(weights);
        expect(parts).toHaveLength(weights.length);
        expect(bigSum(parts)).toBe(BigInt(total));
        parts.forEach((part, i) => {
          expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
          // |part - total*w/W| < 1  ⇔  |part*W - total*w| < W
          const diff = BigInt(part) * weightSum - BigInt(total) * BigInt(weights[i]);
          expect(diff < weightSum && -diff < weightSum).toBe(true);
          if (weights[i] === 0) expect(part).toBe(0);
        });
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), weightsArb, (total, weights) => {
        expect(splitLargestRemainder(total, [...weights])).toEqual(
          splitLargestRemainder(total, [...weights]),
        );
      }),
    );
  });
});

describe('splitByPercents()', () => {
  it('splits by percents that describe the whole', () => {
    expect(splitByPercents(10_000, [40, 40, 20])).toEqual([4_000, 4_000, 2_000]);
    expect(splitByPercents(1, [50, 50])).toEqual([1, 0]);
  });

  it('refuses percents that do not sum to 100 or are not integers', () => {
    expect(() => splitByPercents(100, [50, 49])).toThrow(/sum to 100/);
    expect(() => splitByPercents(100, [50.5, 49.5])).toThrow(RangeError);
    expect(() => splitByPercents(100, [150, -50])).toThrow(RangeError);
  });
});

describe('parseDecimalRate()', () => {
  it.each([
    ['1', 1n, 1n],
    ['151.2345', 1512345n, 10_000n],
    ['0.0066', 66n, 10_000n],
    ['0.0000000001', 1n, 10_000_000_000n],
    ['007.50', 750n, 100n],
  ])('parses %p exactly', (rate, numerator, denominator) => {
    expect(parseDecimalRate(rate)).toEqual({ numerator, denominator });
  });

  it.each([
    'abc',
    '1e5',
    '-1',
    '+1',
    '0',
    '0.000',
    '',
    ' 1',
    '1 ',
    '.5',
    '5.',
    '1,5',
    '1.00000000001',
    'NaN',
    'Infinity',
  ])('refuses %p with a RangeError', (rate) => {
    expect(() => parseDecimalRate(rate)).toThrow(RangeError);
  });

  it('says why a rate was refused', () => {
    expect(() => parseDecimalRate('1e5')).toThrow(/no sign or exponent/);
    expect(() => parseDecimalRate('1.12345678901')).toThrow(/at most 10 decimals/);
    expect(() => parseDecimalRate('0')).toThrow(/must be > 0/);
    expect(() => parseDecimalRate(1.5 as unknown as string)).toThrow(/decimal string/);
  });
});

describe('convert()', () => {
  it.each<[Money, Currency, string, Money]>([
    [money(10_000, 'USD'), 'JPY', '151.2345', money(15_123, 'JPY')], // 15123.45 → down
    [money(1, 'USD'), 'JPY', '150.5', money(2, 'JPY')], // 1.505 → up
    [money(1, 'USD'), 'JPY', '50', money(1, 'JPY')], // 0.5 exactly → half up
    [money(1_000, 'JPY'), 'USD', '0.0066', money(660, 'USD')],
    [money(1, 'JPY'), 'USD', '0.005', money(1, 'USD')], // 0.5 cent → half up
    [money(1, 'JPY'), 'USD', '0.0049999999', money(0, 'USD')],
    [money(12_345, 'USD'), 'USD', '1', money(12_345, 'USD')],
    [money(0, 'USD'), 'JPY', '151', money(0, 'JPY')],
  ])('converts %p to %s at %s', (amount, to, rate, expected) => {
    expect(convert(amount, to, rate)).toEqual(expected);
  });

  it('refuses bad rates, amounts and results beyond MAX_SAFE_INTEGER', () => {
    expect(() => convert(money(1, 'USD'), 'JPY', '1e2')).toThrow(RangeError);
    expect(() => convert({ amountMinor: 1.5, currency: 'USD' }, 'JPY', '150')).toThrow(RangeError);
    expect(() => convert(money(1, 'USD'), 'EUR' as Currency, '1')).toThrow(RangeError);
    expect(() => convert(money(Number.MAX_SAFE_INTEGER, 'JPY'), 'USD', '1')).toThrow(
      /exceeds Number.MAX_SAFE_INTEGER/,
    );
  });

  it('is the identity at rate "1" between currencies with the same minor unit', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), currencyArb, (amountMinor, currency) => {
        const amount = money(amountMinor, currency);
        expect(convert(amount, currency, '1')).toEqual(amount);
        expect(convert(amount, currency, '1.0000000000')).toEqual(amount);
      }),
    );
  });

  it('is within half a minor unit of the exact result, ties rounded up', () => {
    fc.assert(
      fc.property(convertibleArb, currencyArb, rateArb, (amount, to, rate) => {
        const { n, d } = exactConversion(amount, to, rate);
        if ((2n * n + d) / (2n * d) > MAX_SAFE) {
          expect(() => convert(amount, to, rate)).toThrow(RangeError);
          return;
        }
        const result = BigInt(convert(amount, to, rate).amountMinor);
        // result - n/d ∈ (-1/2, 1/2]  ⇔  -d < 2(result·d - n) <= d
        const twiceError = 2n * (result * d - n);
        expect(twiceError > -d && twiceError <= d).toBe(true);
      }),
    );
  });

  it('is monotonic in the amount', () => {
    const smallAmountArb = fc.integer({ min: 0, max: 1e9 });
    fc.assert(
      fc.property(
        currencyArb,
        currencyArb,
        rateArb,
        smallAmountArb,
        smallAmountArb,
        (from, to, rate, a, b) => {
          const [low, high] = [money(Math.min(a, b), from), money(Math.max(a, b), from)];
          const { n, d } = exactConversion(high, to, rate);
          fc.pre((2n * n + d) / (2n * d) <= MAX_SAFE);
          expect(convert(low, to, rate).amountMinor).toBeLessThanOrEqual(
            convert(high, to, rate).amountMinor,
          );
        },
      ),
    );
  });
});

describe('toMajorString() and formatMoney()', () => {
  it.each<[Money, string, string]>([
    [money(123_456, 'USD'), '1234.56', 'USD 1,234.56'],
    [money(5, 'USD'), '0.05', 'USD 0.05'],
    [money(0, 'USD'), '0.00', 'USD 0.00'],
    [money(100, 'USD'), '1.00', 'USD 1.00'],
    [money(99_999, 'USD'), '999.99', 'USD 999.99'],
    [money(1_234, 'JPY'), '1234', 'JPY 1,234'],
    [money(1_234_567, 'JPY'), '1234567', 'JPY 1,234,567'],
    [money(0, 'JPY'), '0', 'JPY 0'],
    [money(Number.MAX_SAFE_INTEGER, 'USD'), '90071992547409.91', 'USD 90,071,992,547,409.91'],
  ])('renders %p as %s and %s', (m, major, formatted) => {
    expect(toMajorString(m)).toBe(major);
    expect(formatMoney(m)).toBe(formatted);
  });

  it('refuses invalid money', () => {
    expect(() => toMajorString({ amountMinor: 1.5, currency: 'USD' })).toThrow(RangeError);
    expect(() => formatMoney({ amountMinor: NaN, currency: 'JPY' })).toThrow(RangeError);
  });

  it('toMajorString is exact: removing the point gives back amountMinor', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), currencyArb, (amountMinor, currency) => {
        const major = toMajorString(money(amountMinor, currency));
        const [, fraction = ''] = major.split('.');
        expect(fraction).toHaveLength(MINOR_UNIT_DIGITS[currency]);
        expect(BigInt(major.replace('.', ''))).toBe(BigInt(amountMinor));
        expect(formatMoney(money(amountMinor, currency)).replace(/,/g, '')).toBe(
          `${currency} ${major}`,
        );
      }),
    );
  });
});
