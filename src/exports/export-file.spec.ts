import fc from 'fast-check';
import { CURRENCIES, MINOR_UNIT_DIGITS, toMajorString } from '../common/money/money';
import { JsonDecimal } from './export-definitions';
import { jsonText } from './export-file';

describe('jsonText', () => {
  it('writes an amount as the exact decimal token of its minor units, never through a float', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCIES),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        (currency, amountMinor) => {
          const major = toMajorString({ amountMinor, currency });
          const text = jsonText({ amount: new JsonDecimal(major) });
          expect(text).toBe(`{"amount":${major}}`);
          // Valid JSON, and its digits read back the minor units whatever float parsing does.
          expect(() => JSON.parse(text) as unknown).not.toThrow();
          const digits = text.slice('{"amount":'.length, -1).replace('.', '');
          expect(BigInt(digits)).toBe(BigInt(amountMinor));
          expect(major.split('.')[1]?.length ?? 0).toBe(MINOR_UNIT_DIGITS[currency]);
        },
      ),
    );
  });

  it('writes cents as given: 1234.50 stays 1234.50', () => {
    expect(jsonText([new JsonDecimal('1234.50'), new JsonDecimal('0.00'), 150000])).toBe(
      '[1234.50,0.00,150000]',
    );
  });

  it('refuses what is not a plain decimal', () => {
    for (const bad of ['1e5', 'NaN', 'Infinity', '01', '1.', '.5', '1,000', '']) {
      expect(() => jsonText(new JsonDecimal(bad))).toThrow(RangeError);
    }
  });

  it('escapes strings and drops undefined members like JSON.stringify', () => {
    const value = { title: 'a "quote"\n横浜', none: null, gone: undefined, list: [true, 'x'] };
    expect(jsonText(value)).toBe(JSON.stringify(value));
  });
});
