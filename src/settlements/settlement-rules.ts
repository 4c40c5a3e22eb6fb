import type { Side } from '../applications/application.entity';
import type { ApprovedBudgetLine } from '../amendments/award-version.entity';
import type { Currency } from '../common/money/money';
import type { Expense } from '../grantee-reports/grantee-report.entity';
import type { SettlementRule } from '../rounds/round.entity';
import type { SettlementCategory } from './settlement.entity';

/** What a round without a rule for the currency applies: 100 %, unrounded, uncapped. */
export const DEFAULT_SETTLEMENT_RULE: Omit<SettlementRule, 'currency'> = {
  subsidyRateBp: 10_000,
  roundingUnitMinor: 1,
};

const BP_WHOLE = 10_000n;

/** An expense of the final report with its position there (exclusions name it by index). */
export interface IndexedExpense {
  index: number;
  category: string;
  amountMinor: number;
}

export interface SettlementInput {
  /** What the award version grants the side in the currency. */
  awardedMinor: number;
  /** The award version's approved budget of the side in the currency, per category. */
  budget: readonly Pick<ApprovedBudgetLine, 'category' | 'amountMinor'>[];
  /** The accepted final report's expenses of the side in the currency. */
  expenses: readonly IndexedExpense[];
  /** Indexes (into the report's expenses) the officer excluded. */
  excludedIndexes: readonly number[];
  rule: Omit<SettlementRule, 'currency'>;
}

export interface SettlementResult {
  spentMinor: number;
  eligibleMinor: number;
  /** eligible × rate, rounded down to the rounding unit (before the award and cap limit it). */
  computedMinor: number;
  /** min(awarded, computed, cap). */
  confirmedMinor: number;
  categories: SettlementCategory[];
}

const min = (...values: bigint[]) => values.reduce((a, b) => (b < a ? b : a));

/**
 * 額の確定 for one side in one currency. Per category: eligible = min(spent − excluded, the
 * approved budget of that category) — a category not in the budget is not eligible. Then
 * computed = ⌊eligible × rate / 10000⌋ rounded down to a multiple of the rounding unit, and
 * confirmed = min(awarded, computed, cap). BigInt throughout: no float ever touches the money.
 */
export function settle(input: SettlementInput): SettlementResult {
  const { rule } = input;
  if (
    !Number.isInteger(rule.subsidyRateBp) ||
    rule.subsidyRateBp < 1 ||
    rule.subsidyRateBp > 10_000
  ) {
    throw new RangeError(`subsidyRateBp must be 1..10000, got ${rule.subsidyRateBp}`);
  }
  if (!Number.isSafeInteger(rule.roundingUnitMinor) || rule.roundingUnitMinor < 1) {
    throw new RangeError(`roundingUnitMinor must be ≥ 1, got ${rule.roundingUnitMinor}`);
  }
  const budget = new Map<string, bigint>();
  for (const line of input.budget) {
    budget.set(line.category, (budget.get(line.category) ?? 0n) + BigInt(line.amountMinor));
  }
  const excluded = new Set(input.excludedIndexes);
  const spent = new Map<string, bigint>();
  const counted = new Map<string, bigint>();
  for (const expense of input.expenses) {
    const amount = BigInt(expense.amountMinor);
    spent.set(expense.category, (spent.get(expense.category) ?? 0n) + amount);
    const kept = excluded.has(expense.index) ? 0n : amount;
    counted.set(expense.category, (counted.get(expense.category) ?? 0n) + kept);
  }
  // The budget's categories in its order, then the ones spent outside it (alphabetically).
  const names = [
    ...budget.keys(),
    ...[...spent.keys()].filter((c) => !budget.has(c)).sort((a, b) => a.localeCompare(b)),
  ];
  let spentTotal = 0n;
  let eligibleTotal = 0n;
  const categories = names.map((category): SettlementCategory => {
    const budgetMinor = budget.get(category) ?? 0n;
    const spentMinor = spent.get(category) ?? 0n;
    const eligibleMinor = min(counted.get(category) ?? 0n, budgetMinor);
    spentTotal += spentMinor;
    eligibleTotal += eligibleMinor;
    return {
      category,
      budgetMinor: Number(budgetMinor),
      spentMinor: Number(spentMinor),
      eligibleMinor: Number(eligibleMinor),
    };
  });
  const unit = BigInt(rule.roundingUnitMinor);
  const subsidised = (eligibleTotal * BigInt(rule.subsidyRateBp)) / BP_WHOLE;
  const computed = (subsidised / unit) * unit;
  const limits = [BigInt(input.awardedMinor), computed];
  if (rule.capMinor !== undefined && rule.capMinor !== null) limits.push(BigInt(rule.capMinor));
  return {
    spentMinor: Number(spentTotal),
    eligibleMinor: Number(eligibleTotal),
    computedMinor: Number(computed),
    confirmedMinor: Number(min(...limits)),
    categories,
  };
}

/**
 * The expenses of an accepted final report that count for `side` in `currency`: a side's own
 * report counts for that side, a joint report's expenses for the side whose currency they are in
 * (either way only those in the currency settled). Each keeps its index in the report.
 */
export function expensesFor(
  report: { side: Side | 'joint'; expenses: readonly Expense[] },
  side: Side,
  currency: Currency,
): IndexedExpense[] {
  if (report.side !== 'joint' && report.side !== side) return [];
  return report.expenses
    .map((e, index) => ({
      index,
      category: e.category,
      amountMinor: e.amountMinor,
      currency: e.currency,
    }))
    .filter((e) => e.currency === currency)
    .map(({ index, category, amountMinor }) => ({ index, category, amountMinor }));
}
