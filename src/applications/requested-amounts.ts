import { AppError } from '../common/errors/app-error';
import { type Currency, formatMoney, type Money, sumByCurrency } from '../common/money/money';
import type { RoundBudget } from '../rounds/round-budget.entity';
import type { BudgetLine, Side } from './application.entity';

export interface RequestedAmount {
  side: Side;
  currency: Currency;
  amountMinor: number;
}

const SIDES: readonly Side[] = ['JP', 'US'];

/** What each side asks for, per currency: the sum of its budget lines (SPEC §5.3). */
export function requestedAmounts(lines: readonly BudgetLine[]): RequestedAmount[] {
  return SIDES.flatMap((side) =>
    sumByCurrency(lines.filter((line) => line.side === side)).map((total) => ({ side, ...total })),
  );
}

const tooMuch = (detail: string) =>
  new AppError('rule_violation', detail, [{ field: 'budgetLines', message: detail }]);

/**
 * The lines' requested amounts, once they are known to fit the round: every currency is one the
 * round budgets, and neither a side's request nor the application's total in a currency exceeds
 * that currency's maximum award.
 */
export function fundableRequest(
  lines: readonly BudgetLine[],
  budgets: readonly Pick<RoundBudget, 'currency' | 'maxAwardMinor'>[],
): RequestedAmount[] {
  const maxAward = new Map(budgets.map((b) => [b.currency, b.maxAwardMinor]));
  const unbudgeted = [...new Set(lines.map((line) => line.currency))].filter(
    (c) => !maxAward.has(c),
  );
  if (unbudgeted.length) {
    throw tooMuch(
      `The round has no ${unbudgeted.join(' or ')} budget; budget lines may use ` +
        `${[...maxAward.keys()].join(', ') || 'no currency'}`,
    );
  }
  let requested: RequestedAmount[];
  let totals: Money[];
  try {
    requested = requestedAmounts(lines);
    totals = sumByCurrency(lines);
  } catch (error) {
    // Each line is a safe integer, but a hundred of them may not add up to one.
    if (error instanceof RangeError) throw tooMuch('The budget lines add up to more than can be');
    throw error;
  }
  const cap = (currency: Currency) => ({ amountMinor: maxAward.get(currency)!, currency });
  for (const r of requested) {
    if (r.amountMinor > cap(r.currency).amountMinor) {
      throw tooMuch(
        `The ${r.side} side requests ${formatMoney(r)}, more than the round's maximum award of ` +
          formatMoney(cap(r.currency)),
      );
    }
  }
  for (const total of totals) {
    if (total.amountMinor > cap(total.currency).amountMinor) {
      throw tooMuch(
        `The application requests ${formatMoney(total)} in total, more than the round's maximum ` +
          `award of ${formatMoney(cap(total.currency))}`,
      );
    }
  }
  return requested;
}
