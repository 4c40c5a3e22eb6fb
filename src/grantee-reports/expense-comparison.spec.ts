import fc from 'fast-check';
import type { Currency } from '../common/money/money';
import { compareExpenses } from './expense-comparison';

const expense = (amountMinor: number, currency: Currency) => ({
  category: 'travel',
  description: '',
  amountMinor,
  currency,
});
const lines = [
  { side: 'JP' as const, currency: 'JPY' as const, amountMinor: 500_000 },
  { side: 'US' as const, currency: 'USD' as const, amountMinor: 300_000 },
];

describe('compareExpenses', () => {
  it('sets a side’s expenses against that side’s award lines, per currency', () => {
    expect(compareExpenses({ side: 'JP', expenses: [expense(200_000, 'JPY')] }, lines)).toEqual([
      { currency: 'JPY', awardedMinor: 500_000, spentMinor: 200_000, overspent: false },
    ]);
    expect(compareExpenses({ side: 'US', expenses: [] }, lines)).toEqual([
      { currency: 'USD', awardedMinor: 300_000, spentMinor: 0, overspent: false },
    ]);
  });

  it('flags spending in a currency the side was not awarded', () => {
    expect(compareExpenses({ side: 'US', expenses: [expense(1, 'JPY')] }, lines)).toEqual([
      { currency: 'USD', awardedMinor: 300_000, spentMinor: 0, overspent: false },
      { currency: 'JPY', awardedMinor: 0, spentMinor: 1, overspent: true },
    ]);
  });

  it('compares a joint report with both sides; overspent exactly when spent > awarded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 1e9 }), usd: fc.boolean() }), {
          maxLength: 50,
        }),
        (items) => {
          const expenses = items.map((i) => expense(i.amount, i.usd ? 'USD' : 'JPY'));
          const result = compareExpenses({ side: 'joint', expenses }, lines);
          for (const row of result) {
            const spent = expenses
              .filter((e) => e.currency === row.currency)
              .reduce((n, e) => n + e.amountMinor, 0);
            expect(row.spentMinor).toBe(spent);
            expect(row.awardedMinor).toBe(row.currency === 'USD' ? 300_000 : 500_000);
            expect(row.overspent).toBe(spent > row.awardedMinor);
          }
          expect(result.map((r) => r.currency)).toEqual(['USD', 'JPY']);
        },
      ),
    );
  });

  it('refuses expenses whose total is not a safe integer as invalid input', () => {
    const huge = expense(Number.MAX_SAFE_INTEGER, 'USD');
    expect(() => compareExpenses({ side: 'US', expenses: [huge, huge] }, lines)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
