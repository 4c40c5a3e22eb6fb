import fc from 'fast-check';
import {
  DEFAULT_SETTLEMENT_RULE,
  expensesFor,
  settle,
  type SettlementInput,
} from './settlement-rules';

const CATEGORIES = ['venue', 'travel', 'printing', 'food'];
const categoryArb = fc.constantFrom(...CATEGORIES);
const amountArb = fc.integer({ min: 0, max: 2 ** 40 });

const ruleArb = fc.record(
  {
    subsidyRateBp: fc.integer({ min: 1, max: 10_000 }),
    roundingUnitMinor: fc.oneof(
      fc.constant(1),
      fc.constant(1_000),
      fc.integer({ min: 1, max: 1e7 }),
    ),
    capMinor: fc.integer({ min: 1, max: 2 ** 42 }),
  },
  { requiredKeys: ['subsidyRateBp', 'roundingUnitMinor'] },
);

const inputArb: fc.Arbitrary<SettlementInput> = fc
  .record({
    awardedMinor: fc.integer({ min: 1, max: 2 ** 42 }),
    budget: fc.array(fc.record({ category: categoryArb, amountMinor: amountArb }), {
      maxLength: 4,
    }),
    spends: fc.array(fc.record({ category: categoryArb, amountMinor: amountArb }), {
      maxLength: 12,
    }),
    excluded: fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 5 }),
    rule: ruleArb,
  })
  .map(({ awardedMinor, budget, spends, excluded, rule }) => ({
    awardedMinor,
    budget,
    expenses: spends.map((e, index) => ({ index, ...e })),
    excludedIndexes: excluded,
    rule,
  }));

const big = (n: number) => BigInt(n);

describe('settle (額の確定)', () => {
  it('the issue’s example: 50 % of what was spent within budget, rounded down to ¥1,000', () => {
    const result = settle({
      awardedMinor: 800_000,
      budget: [{ category: 'venue', amountMinor: 800_000 }],
      expenses: [
        { index: 0, category: 'venue', amountMinor: 600_000 },
        { index: 1, category: 'venue', amountMinor: 3_999 },
      ],
      excludedIndexes: [],
      rule: { subsidyRateBp: 5_000, roundingUnitMinor: 1_000 },
    });
    // 603,999 × 50 % = 301,999.5 → 301,999 → ¥301,000.
    expect(result).toEqual({
      spentMinor: 603_999,
      eligibleMinor: 603_999,
      computedMinor: 301_000,
      confirmedMinor: 301_000,
      categories: [
        { category: 'venue', budgetMinor: 800_000, spentMinor: 603_999, eligibleMinor: 603_999 },
      ],
    });
  });

  it('counts a category only up to its budget, and one outside the budget not at all', () => {
    const result = settle({
      awardedMinor: 500_000,
      budget: [
        { category: 'travel', amountMinor: 300_000 },
        { category: 'venue', amountMinor: 200_000 },
      ],
      expenses: [
        { index: 0, category: 'travel', amountMinor: 450_000 },
        { index: 1, category: 'venue', amountMinor: 100_000 },
        { index: 2, category: 'gifts', amountMinor: 70_000 },
      ],
      excludedIndexes: [],
      rule: DEFAULT_SETTLEMENT_RULE,
    });
    expect(result.categories).toEqual([
      { category: 'travel', budgetMinor: 300_000, spentMinor: 450_000, eligibleMinor: 300_000 },
      { category: 'venue', budgetMinor: 200_000, spentMinor: 100_000, eligibleMinor: 100_000 },
      { category: 'gifts', budgetMinor: 0, spentMinor: 70_000, eligibleMinor: 0 },
    ]);
    expect(result).toMatchObject({
      spentMinor: 620_000,
      eligibleMinor: 400_000,
      confirmedMinor: 400_000,
    });
  });

  it('drops an excluded expense, applies the cap, and never passes the award', () => {
    const base = {
      awardedMinor: 100_000,
      budget: [{ category: 'travel', amountMinor: 100_000 }],
      expenses: [
        { index: 0, category: 'travel', amountMinor: 60_000 },
        { index: 1, category: 'travel', amountMinor: 30_000 },
      ],
      rule: DEFAULT_SETTLEMENT_RULE,
    };
    expect(settle({ ...base, excludedIndexes: [1] }).confirmedMinor).toBe(60_000);
    expect(
      settle({ ...base, excludedIndexes: [], rule: { ...base.rule, capMinor: 75_000 } })
        .confirmedMinor,
    ).toBe(75_000);
    expect(
      settle({
        ...base,
        awardedMinor: 80_000,
        budget: [{ category: 'travel', amountMinor: 80_000 }],
        excludedIndexes: [],
        expenses: [{ index: 0, category: 'travel', amountMinor: 10 ** 12 }],
      }).confirmedMinor,
    ).toBe(80_000);
  });

  it('refuses a rule out of range', () => {
    const input = { awardedMinor: 1, budget: [], expenses: [], excludedIndexes: [] };
    expect(() => settle({ ...input, rule: { subsidyRateBp: 0, roundingUnitMinor: 1 } })).toThrow(
      RangeError,
    );
    expect(() =>
      settle({ ...input, rule: { subsidyRateBp: 10_001, roundingUnitMinor: 1 } }),
    ).toThrow(RangeError);
    expect(() => settle({ ...input, rule: { subsidyRateBp: 100, roundingUnitMinor: 0 } })).toThrow(
      RangeError,
    );
  });

  it('0 ≤ confirmed ≤ min(awarded, cap), and confirmed is a multiple of the unit unless it is the award or the cap', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { confirmedMinor, computedMinor } = settle(input);
        expect(Number.isSafeInteger(confirmedMinor)).toBe(true);
        expect(confirmedMinor).toBeGreaterThanOrEqual(0);
        expect(confirmedMinor).toBeLessThanOrEqual(input.awardedMinor);
        if (input.rule.capMinor !== undefined) {
          expect(confirmedMinor).toBeLessThanOrEqual(input.rule.capMinor);
        }
        expect(computedMinor % input.rule.roundingUnitMinor).toBe(0);
        if (confirmedMinor !== input.awardedMinor && confirmedMinor !== input.rule.capMinor) {
          expect(confirmedMinor).toBe(computedMinor);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('computed is eligible × rate rounded down to the unit: within one unit of the exact value', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { eligibleMinor, computedMinor } = settle(input);
        // computed × 10000 ≤ eligible × rate < (computed + unit) × 10000, exactly.
        const exact = big(eligibleMinor) * big(input.rule.subsidyRateBp);
        expect(big(computedMinor) * 10_000n <= exact).toBe(true);
        expect(exact < (big(computedMinor) + big(input.rule.roundingUnitMinor)) * 10_000n).toBe(
          true,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('eligible ≤ spent less the excluded, per category and in total, and ≤ the budget', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = settle(input);
        const budgetOf = (c: string) =>
          input.budget.filter((b) => b.category === c).reduce((a, b) => a + big(b.amountMinor), 0n);
        const excluded = new Set(input.excludedIndexes);
        for (const c of result.categories) {
          const kept = input.expenses
            .filter((e) => e.category === c.category && !excluded.has(e.index))
            .reduce((a, e) => a + big(e.amountMinor), 0n);
          expect(big(c.eligibleMinor)).toBe(
            kept < budgetOf(c.category) ? kept : budgetOf(c.category),
          );
          expect(big(c.budgetMinor)).toBe(budgetOf(c.category));
        }
        const sum = (k: 'spentMinor' | 'eligibleMinor') =>
          result.categories.reduce((a, c) => a + big(c[k]), 0n);
        expect(big(result.spentMinor)).toBe(sum('spentMinor'));
        expect(big(result.eligibleMinor)).toBe(sum('eligibleMinor'));
        expect(result.eligibleMinor).toBeLessThanOrEqual(result.spentMinor);
      }),
      { numRuns: 500 },
    );
  });

  it('is monotone: one more expense never lowers it, one more exclusion never raises it', () => {
    fc.assert(
      fc.property(
        inputArb,
        categoryArb,
        amountArb,
        fc.integer({ min: 0, max: 15 }),
        (input, category, amountMinor, exclude) => {
          const before = settle(input).confirmedMinor;
          const more = settle({
            ...input,
            expenses: [...input.expenses, { index: 100, category, amountMinor }],
          }).confirmedMinor;
          expect(more).toBeGreaterThanOrEqual(before);
          const fewer = settle({
            ...input,
            excludedIndexes: [...input.excludedIndexes, exclude],
          }).confirmedMinor;
          expect(fewer).toBeLessThanOrEqual(before);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is monotone in the rate, and a larger budget never lowers it', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 10_000 }), amountArb, (input, bp, extra) => {
        const at = (subsidyRateBp: number) =>
          settle({ ...input, rule: { ...input.rule, subsidyRateBp } }).confirmedMinor;
        const [low, high] = [
          Math.min(bp, input.rule.subsidyRateBp),
          Math.max(bp, input.rule.subsidyRateBp),
        ];
        expect(at(low)).toBeLessThanOrEqual(at(high));
        const widened = settle({
          ...input,
          budget: [...input.budget, { category: 'venue', amountMinor: extra }],
        }).confirmedMinor;
        expect(widened).toBeGreaterThanOrEqual(settle(input).confirmedMinor);
      }),
      { numRuns: 300 },
    );
  });

  it('with the default rule and everything within budget, confirmed = min(award, spent)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 30 }), { maxLength: 8 }),
        (awardedMinor, amounts) => {
          const spent = amounts.reduce((a, b) => a + b, 0);
          const result = settle({
            awardedMinor,
            budget: [{ category: 'venue', amountMinor: spent }],
            expenses: amounts.map((amountMinor, index) => ({
              index,
              category: 'venue',
              amountMinor,
            })),
            excludedIndexes: [],
            rule: DEFAULT_SETTLEMENT_RULE,
          });
          expect(result.confirmedMinor).toBe(Math.min(awardedMinor, spent));
        },
      ),
    );
  });
});

describe('expensesFor', () => {
  const expenses = [
    { category: 'venue', description: 'Hall', amountMinor: 100_000, currency: 'JPY' as const },
    { category: 'travel', description: 'Flights', amountMinor: 50_000, currency: 'USD' as const },
    { category: 'food', description: 'Lunch', amountMinor: 20_000, currency: 'JPY' as const },
  ];

  it('a joint report counts each expense for the side of its currency, keeping its index', () => {
    expect(expensesFor({ side: 'joint', expenses }, 'JP', 'JPY')).toEqual([
      { index: 0, category: 'venue', amountMinor: 100_000 },
      { index: 2, category: 'food', amountMinor: 20_000 },
    ]);
    expect(expensesFor({ side: 'joint', expenses }, 'US', 'USD')).toEqual([
      { index: 1, category: 'travel', amountMinor: 50_000 },
    ]);
  });

  it('a side report counts for its side only', () => {
    expect(expensesFor({ side: 'US', expenses }, 'JP', 'JPY')).toEqual([]);
    expect(expensesFor({ side: 'JP', expenses }, 'JP', 'JPY')).toHaveLength(2);
  });
});
