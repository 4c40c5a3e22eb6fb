import fc from 'fast-check';
import { toMajorText, toMinor } from './money';

describe('portal money (integer minor units, never a float)', () => {
  it('parses typed amounts as minor units', () => {
    expect(toMinor('1,234.50', 'USD')).toBe(123450);
    expect(toMinor('$1,234.5', 'USD')).toBe(123450);
    expect(toMinor('0.07', 'USD')).toBe(7);
    expect(toMinor('１２，０００', 'JPY')).toBe(12000);
    expect(toMinor('¥800000', 'JPY')).toBe(800000);
    for (const bad of ['', '-5', '1.234', 'abc', '1.5', '1e3']) {
      expect([bad, toMinor(bad, bad === '1.5' ? 'JPY' : 'USD')]).toEqual([bad, null]);
    }
  });

  it('round-trips every amount through its decimal text, in both currencies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        expect(toMinor(toMajorText(minor, 'USD'), 'USD')).toBe(minor);
        expect(toMinor(toMajorText(minor, 'JPY'), 'JPY')).toBe(minor);
      }),
    );
  });
});
