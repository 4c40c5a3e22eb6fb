import fc from 'fast-check';
import type { Tranche } from '../rounds/round.entity';
import { AwardedAmount, buildSchedule } from './schedule';
import { jpyToUsdMinor, trimRate } from './fx';

const RELEASES = ['award', 'interim_report_accepted', 'final_report_accepted'] as const;

/** 1..10 tranches whose percents (each ≥ 1, as rounds require) sum to exactly 100. */
const tranchesArb: fc.Arbitrary<Tranche[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 9 })
  .chain((cuts) => {
    const bounds = [0, ...[...cuts].sort((a, b) => a - b), 100];
    const percents = bounds.slice(1).map((b, i) => b - bounds[i]);
    return fc
      .array(fc.constantFrom(...RELEASES), {
        minLength: percents.length,
        maxLength: percents.length,
      })
      .map((releases) =>
        percents.map((percent, i) => ({ key: `t${i}`, percent, releaseOn: releases[i] })),
      );
  });

const lineArb: fc.Arbitrary<AwardedAmount> = fc.record({
  side: fc.constantFrom('JP' as const, 'US' as const),
  currency: fc.constantFrom('USD' as const, 'JPY' as const),
  amountMinor: fc.oneof(
    fc.integer({ min: 1, max: 1_000 }),
    fc.integer({ min: 1, max: Math.floor(Number.MAX_SAFE_INTEGER / 100) }),
  ),
});

/** An award's lines: 1..4, one per side and currency. */
const linesArb = fc.uniqueArray(lineArb, {
  minLength: 1,
  maxLength: 4,
  selector: (l) => `${l.side}:${l.currency}`,
});

describe('buildSchedule', () => {
  it('splits ¥1,000,001 at 30/70 into parts that add back to the line', () => {
    const plan = buildSchedule(
      [{ side: 'JP', currency: 'JPY', amountMinor: 1_000_001 }],
      [
        { key: 'advance', percent: 30, releaseOn: 'award' },
        { key: 'final', percent: 70, releaseOn: 'final_report_accepted' },
      ],
    );
    expect(plan).toEqual([
      expect.objectContaining({ trancheKey: 'advance', amountMinor: 300_000, status: 'scheduled' }),
      expect.objectContaining({ trancheKey: 'final', amountMinor: 700_001, status: 'on_hold' }),
    ]);
  });

  it('splits odd cents of each line over three tranches exactly', () => {
    const plan = buildSchedule(
      [
        { side: 'US', currency: 'USD', amountMinor: 100_001 },
        { side: 'JP', currency: 'JPY', amountMinor: 7 },
      ],
      [
        { key: 'a', percent: 33, releaseOn: 'award' },
        { key: 'b', percent: 33, releaseOn: 'interim_report_accepted' },
        { key: 'c', percent: 34, releaseOn: 'final_report_accepted' },
      ],
    );
    expect(plan.filter((d) => d.side === 'US').map((d) => d.amountMinor)).toEqual([
      33_000, 33_000, 34_001,
    ]);
    // ¥7 × 33 % = 2.31, ¥7 × 34 % = 2.38: floors 2+2+2, the leftover yen to the largest remainder.
    expect(plan.filter((d) => d.side === 'JP').map((d) => d.amountMinor)).toEqual([2, 2, 3]);
  });

  it('gives a tranche whose share rounds to nothing no disbursement', () => {
    const plan = buildSchedule(
      [{ side: 'JP', currency: 'JPY', amountMinor: 1 }],
      [
        { key: 'advance', percent: 30, releaseOn: 'award' },
        { key: 'final', percent: 70, releaseOn: 'final_report_accepted' },
      ],
    );
    expect(plan).toEqual([
      expect.objectContaining({ trancheKey: 'final', trancheIndex: 1, amountMinor: 1 }),
    ]);
  });

  it('property: every line’s parts sum exactly to it, each within 1 of its exact share', () => {
    fc.assert(
      fc.property(linesArb, tranchesArb, (lines, tranches) => {
        const plan = buildSchedule(lines, tranches);
        for (const line of lines) {
          const parts = plan.filter((d) => d.side === line.side && d.currency === line.currency);
          const total = parts.reduce((acc, d) => acc + BigInt(d.amountMinor), 0n);
          expect(total).toBe(BigInt(line.amountMinor));
          for (const part of parts) {
            expect(part.amountMinor).toBeGreaterThan(0);
            // |part − amount × percent / 100| < 1  ⇔  |100·part − amount·percent| < 100
            const exact = BigInt(line.amountMinor) * BigInt(tranches[part.trancheIndex].percent);
            const diff = BigInt(part.amountMinor) * 100n - exact;
            expect(diff < 100n && diff > -100n).toBe(true);
            expect(part.trancheKey).toBe(tranches[part.trancheIndex].key);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: a tranche releasing on the award starts scheduled, every other one on_hold', () => {
    fc.assert(
      fc.property(linesArb, tranchesArb, (lines, tranches) => {
        for (const d of buildSchedule(lines, tranches)) {
          expect(d.releaseOn).toBe(tranches[d.trancheIndex].releaseOn);
          expect(d.status).toBe(d.releaseOn === 'award' ? 'scheduled' : 'on_hold');
        }
      }),
    );
  });
});

describe('jpyToUsdMinor', () => {
  it('converts yen to cents exactly, rounding half up', () => {
    // ¥1,000,000 at 150 ¥/$ = $6,666.666… → 666,667 cents.
    expect(jpyToUsdMinor(1_000_000, '150')).toBe(666_667);
    // ¥3 at 200 ¥/$ = 1.5 cents → 2 (half up); ¥1 at 200 = 0.5 → 1.
    expect(jpyToUsdMinor(3, '200')).toBe(2);
    expect(jpyToUsdMinor(1, '200')).toBe(1);
    expect(jpyToUsdMinor(1_500_000, '151.2345')).toBe(991_837);
  });

  it('property: matches the exact fraction within half a cent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 10 ** 4, max: 10 ** 7 }),
        fc.integer({ min: 0, max: 4 }),
        (yen, digits, scale) => {
          const rate = (digits / 10 ** scale).toFixed(scale);
          const cents = BigInt(jpyToUsdMinor(yen, rate));
          // cents ≈ yen·100·10^scale / digits: |2·cents·digits − 2·yen·100·10^scale| ≤ digits
          const exact2 = 2n * BigInt(yen) * 100n * 10n ** BigInt(scale);
          const diff = 2n * cents * BigInt(digits) - exact2;
          expect(diff <= BigInt(digits) && diff > -BigInt(digits)).toBe(true);
        },
      ),
    );
  });
});

describe('trimRate', () => {
  it('drops the trailing zeros numeric(24,10) pads with', () => {
    expect(trimRate('150.2500000000')).toBe('150.25');
    expect(trimRate('150.0000000000')).toBe('150');
    expect(trimRate('100')).toBe('100');
  });
});
