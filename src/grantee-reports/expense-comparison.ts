import type { Side } from '../applications/application.entity';
import { AppError } from '../common/errors/app-error';
import { CURRENCIES, type Currency, type Money, sumByCurrency } from '../common/money/money';
import type { Expense, GranteeReport } from './grantee-report.entity';

export interface ExpenseComparison {
  currency: Currency;
  awardedMinor: number;
  spentMinor: number;
  /** Spent more than awarded: flagged for the officer, never refused (SPEC §5.8). */
  overspent: boolean;
}

/** The award's sides a report accounts for: a joint report covers both cities. */
export const sidesOf = (side: GranteeReport['side']): Side[] =>
  side === 'joint' ? ['JP', 'US'] : [side];

/**
 * Per currency present in either: what the award gives the report's side(s) and what the
 * report's expenses add up to.
 */
export function compareExpenses(
  report: Pick<GranteeReport, 'side' | 'expenses'>,
  awardLines: readonly (Money & { side: Side })[],
): ExpenseComparison[] {
  const sides = sidesOf(report.side);
  const awarded = sumByCurrency(
    awardLines
      .filter((line) => sides.includes(line.side))
      .map((line) => ({ amountMinor: line.amountMinor, currency: line.currency })),
  );
  const spent = expenseTotals(report.expenses);
  const amountIn = (totals: Money[], currency: Currency) =>
    totals.find((t) => t.currency === currency)?.amountMinor ?? 0;
  return CURRENCIES.filter((c) => [...awarded, ...spent].some((t) => t.currency === c)).map(
    (currency) => {
      const awardedMinor = amountIn(awarded, currency);
      const spentMinor = amountIn(spent, currency);
      return { currency, awardedMinor, spentMinor, overspent: spentMinor > awardedMinor };
    },
  );
}

/**
 * The expenses' total per currency. Each line is a safe integer, but 200 of them may not add up
 * to one: such a report is refused as invalid input rather than stored and unreadable.
 */
export function expenseTotals(expenses: readonly Expense[]): Money[] {
  try {
    return sumByCurrency(
      expenses.map((e) => ({ amountMinor: e.amountMinor, currency: e.currency })),
    );
  } catch (error) {
    if (error instanceof RangeError) {
      throw new AppError('validation_failed', 'The expenses add up to more than can be counted', [
        { field: 'expenses', message: 'the total per currency must be a safe integer' },
      ]);
    }
    throw error;
  }
}
