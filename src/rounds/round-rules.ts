import { AppError, FieldError } from '../common/errors/app-error';
import { CURRENCIES, type Currency, type Money } from '../common/money/money';
import type { RoundBudget } from './round-budget.entity';
import type { Round, SettlementRule } from './round.entity';

export interface BudgetLine {
  currency: Currency;
  amountMinor: number;
  maxAwardMinor: number;
}

/**
 * Pairs each budget with its maximum award (400 otherwise): one maxAward for every budget
 * currency and none without a budget, never above the budget (the database CHECK agrees).
 */
export function pairBudgets(budgets: readonly Money[], maxAward: readonly Money[]): BudgetLine[] {
  const errors: FieldError[] = [];
  for (const award of maxAward) {
    if (!budgets.some((b) => b.currency === award.currency)) {
      errors.push({ field: 'maxAward', message: `${award.currency} has a maxAward but no budget` });
    }
  }
  const lines = budgets.flatMap((budget): BudgetLine[] => {
    const award = maxAward.find((m) => m.currency === budget.currency);
    if (!award) {
      errors.push({
        field: 'maxAward',
        message: `${budget.currency} has a budget but no maxAward`,
      });
      return [];
    }
    if (award.amountMinor > budget.amountMinor) {
      errors.push({
        field: 'maxAward',
        message: `${budget.currency} maxAward ${award.amountMinor} exceeds the budget ${budget.amountMinor}`,
      });
    }
    return [
      {
        currency: budget.currency,
        amountMinor: budget.amountMinor,
        maxAwardMinor: award.amountMinor,
      },
    ];
  });
  if (errors.length) {
    throw new AppError('validation_failed', errors.map((e) => e.message).join('; '), errors);
  }
  return sortByCurrency(lines);
}

/**
 * The settlement rules as stored (plain objects, sorted by currency), or 400 when one names a
 * currency the round has no budget in (one per currency is the DTO's check).
 */
export function settlementRulesFor(
  rules: readonly SettlementRule[],
  budgetCurrencies: readonly Currency[],
): SettlementRule[] {
  const errors: FieldError[] = rules
    .filter((r) => !budgetCurrencies.includes(r.currency))
    .map((r) => ({
      field: 'settlementRules',
      message: `${r.currency} has a settlement rule but no budget`,
    }));
  if (errors.length) {
    throw new AppError('validation_failed', errors.map((e) => e.message).join('; '), errors);
  }
  return sortByCurrency(
    rules.map(({ currency, subsidyRateBp, roundingUnitMinor, capMinor }) => ({
      currency,
      subsidyRateBp,
      roundingUnitMinor,
      ...(capMinor !== undefined && capMinor !== null ? { capMinor } : {}),
    })),
  );
}

export function assertWindow(opensAt: Date, closesAt: Date): void {
  if (closesAt.getTime() <= opensAt.getTime()) {
    throw new AppError('validation_failed', 'closesAt must be after opensAt', [
      { field: 'closesAt', message: 'must be after opensAt' },
    ]);
  }
}

/**
 * What a round needs before it can open (SPEC §5.2): money to award, a rubric to score against,
 * a payout schedule that pays out the whole award, the reports its tranches wait for, and time
 * left to apply. Every problem is listed, so the officer fixes them in one pass.
 */
export function openingProblems(round: Round, budgets: readonly RoundBudget[], now: Date) {
  const problems: FieldError[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  if (budgets.length === 0) problem('budgets', 'at least one budget with its maxAward is required');
  if (round.rubric.length === 0) problem('rubric', 'the rubric has no criteria');
  const percentSum = round.trancheSchedule.reduce((total, t) => total + t.percent, 0);
  if (percentSum !== 100) {
    problem('trancheSchedule', `tranche percents sum to ${percentSum}, not 100`);
  }
  for (const kind of ['interim', 'final'] as const) {
    const waits = round.trancheSchedule.some((t) => t.releaseOn === `${kind}_report_accepted`);
    if (waits && !round.reportsRequired.some((r) => r.kind === kind)) {
      problem(
        'reportsRequired',
        `a tranche releases on an accepted ${kind} report, but no ${kind} report is required`,
      );
    }
  }
  if (round.closesAt.getTime() <= now.getTime()) {
    problem('closesAt', `closesAt ${round.closesAt.toISOString()} has already passed`);
  }
  if (round.reviewersPerApplication < 1) {
    problem('reviewersPerApplication', 'at least one reviewer per application is required');
  }
  return problems;
}

/** 422 listing every `openingProblems` in its detail and as field errors, when there are any. */
export function assertOpenable(round: Round, budgets: readonly RoundBudget[], now: Date): void {
  const problems = openingProblems(round, budgets, now);
  if (problems.length) {
    throw new AppError(
      'rule_violation',
      `The round cannot open: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  }
}

export function sortByCurrency<T extends { currency: Currency }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => CURRENCIES.indexOf(a.currency) - CURRENCIES.indexOf(b.currency));
}
