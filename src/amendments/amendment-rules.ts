import type { Side } from '../applications/application.entity';
import { AppError } from '../common/errors/app-error';
import { formatMoney } from '../common/money/money';
import type { RequiredReport } from '../rounds/round.entity';
import type { AmendmentChanges, AmendmentKind, BudgetMove } from './award-amendment.entity';
import type { ApprovedBudgetLine, AwardVersion, VersionAmount } from './award-version.entity';

/** The terms an amendment can change: everything of a version but its identity. */
export type Terms = Pick<
  AwardVersion,
  | 'amounts'
  | 'budgetLines'
  | 'trancheSchedule'
  | 'reportsRequired'
  | 'startsOn'
  | 'endsOn'
  | 'scope'
>;

/** At most as many categories per side as an application may have budget lines. */
export const MAX_CATEGORIES_PER_SIDE = 100;

const DAY_MS = 86_400_000;

const ruleViolation = (detail: string) => new AppError('rule_violation', detail);

/**
 * The approved budget after `moves`, applied in order (each against what the earlier ones left):
 * money moves between categories of one side in that side's awarded currency, so every side's
 * total, and the award's amounts, stay as they are. A category emptied by a move is dropped.
 * Throws 422 naming the first move that breaks a rule.
 */
export function applyBudgetMoves(
  terms: Pick<Terms, 'amounts' | 'budgetLines'>,
  moves: readonly BudgetMove[],
): ApprovedBudgetLine[] {
  const lines = terms.budgetLines.map((line) => ({ ...line }));
  for (const move of moves) {
    const awarded = terms.amounts.find((a) => a.side === move.side);
    if (!awarded) throw ruleViolation(`The ${move.side} side has no award to move money in`);
    if (awarded.currency !== move.currency) {
      throw ruleViolation(
        `The ${move.side} side is awarded in ${awarded.currency}; a move in ${move.currency} ` +
          'would change the award’s currency',
      );
    }
    if (move.fromCategory === move.toCategory) {
      throw ruleViolation(`A move from ${move.fromCategory} to itself changes nothing`);
    }
    const sameSide = (l: ApprovedBudgetLine) =>
      l.side === move.side && l.currency === move.currency;
    const from = lines.find((l) => sameSide(l) && l.category === move.fromCategory);
    if (!from) {
      throw ruleViolation(`The ${move.side} side’s budget has no category ${move.fromCategory}`);
    }
    if (from.amountMinor < move.amountMinor) {
      throw ruleViolation(
        `The ${move.side} side’s category ${move.fromCategory} has ` +
          `${formatMoney(from)}, less than the ${formatMoney(move)} to move`,
      );
    }
    from.amountMinor -= move.amountMinor;
    const to = lines.find((l) => sameSide(l) && l.category === move.toCategory);
    if (to) {
      to.amountMinor += move.amountMinor;
    } else {
      lines.push({
        side: move.side,
        category: move.toCategory,
        currency: move.currency,
        amountMinor: move.amountMinor,
      });
    }
  }
  const result = lines.filter((l) => l.amountMinor > 0);
  for (const side of ['JP', 'US'] as const) {
    if (result.filter((l) => l.side === side).length > MAX_CATEGORIES_PER_SIDE) {
      throw ruleViolation(
        `The ${side} side’s budget would have more than ${MAX_CATEGORIES_PER_SIDE} categories`,
      );
    }
  }
  return result;
}

/** The money each side moves out of its categories (all moves counted, whatever their order). */
export function movedOutBySide(moves: readonly BudgetMove[]): Map<Side, number> {
  const moved = new Map<Side, number>();
  for (const move of moves) moved.set(move.side, (moved.get(move.side) ?? 0) + move.amountMinor);
  return moved;
}

/**
 * Whether a budget move needs the officer (変更承認): the share of a side's award it moves out is
 * more than the round's percent, for any side. Compared in exact integers (BigInt, as amount × 100
 * can pass 2^53): moved × 100 > percent × awarded. A share exactly at the percent is recorded.
 */
export function budgetMoveNeedsApproval(
  moves: readonly BudgetMove[],
  amounts: readonly VersionAmount[],
  approvalPercent: number,
): boolean {
  for (const [side, moved] of movedOutBySide(moves)) {
    const awarded = amounts.find((a) => a.side === side)?.amountMinor ?? 0;
    if (BigInt(moved) * 100n > BigInt(approvalPercent) * BigInt(awarded)) return true;
  }
  return false;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`, UTC days). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The report due dates after a no-cost extension from `oldEndsOn` to `newEndsOn`: each report
 * due on or after the old end moves by as many days as the end does; earlier ones stay.
 */
export function shiftReportsWithEnd(
  reports: readonly RequiredReport[],
  oldEndsOn: string,
  newEndsOn: string,
): RequiredReport[] {
  const days = daysBetween(oldEndsOn, newEndsOn);
  return reports.map((r) =>
    r.dueOn >= oldEndsOn ? { kind: r.kind, dueOn: addDays(r.dueOn, days) } : { ...r },
  );
}

/** Which `changes` fields each kind takes (any other present is a 400). */
export const FIELDS_BY_KIND: Record<AmendmentKind, readonly (keyof AmendmentChanges)[]> = {
  budget_move: ['moves'],
  no_cost_extension: ['endsOn', 'reportsRequired'],
  dates: ['startsOn', 'endsOn'],
  scope: ['scope'],
};

/** Fields a kind cannot do without. */
const REQUIRED_BY_KIND: Record<AmendmentKind, readonly (keyof AmendmentChanges)[]> = {
  budget_move: ['moves'],
  no_cost_extension: ['endsOn'],
  dates: [],
  scope: ['scope'],
};

/** The field errors of `changes` for `kind`: fields it does not take, fields it needs. */
export function changesShapeErrors(
  kind: AmendmentKind,
  changes: AmendmentChanges,
): { field: string; message: string }[] {
  const present = (Object.keys(changes) as (keyof AmendmentChanges)[]).filter(
    (k) => changes[k] !== undefined,
  );
  const errors = present
    .filter((k) => !FIELDS_BY_KIND[kind].includes(k))
    .map((k) => ({ field: `changes.${k}`, message: `a ${kind} amendment does not take ${k}` }));
  for (const k of REQUIRED_BY_KIND[kind]) {
    if (!present.includes(k)) {
      errors.push({ field: `changes.${k}`, message: `a ${kind} amendment needs ${k}` });
    }
  }
  if (kind === 'dates' && !present.includes('startsOn') && !present.includes('endsOn')) {
    errors.push({ field: 'changes', message: 'a dates amendment needs startsOn or endsOn' });
  }
  return errors;
}

/**
 * The terms `changes` make of `current` (the version in force), or 422 naming the rule broken.
 * Amounts and tranches never change. `today` (`YYYY-MM-DD`, UTC) bounds new report due dates.
 */
export function amendTerms(
  current: Terms,
  kind: AmendmentKind,
  changes: AmendmentChanges,
  today: string,
): Terms {
  const next: Terms = {
    amounts: current.amounts.map((a) => ({ ...a })),
    budgetLines: current.budgetLines.map((l) => ({ ...l })),
    trancheSchedule: current.trancheSchedule.map((t) => ({ ...t })),
    reportsRequired: current.reportsRequired.map((r) => ({ ...r })),
    startsOn: current.startsOn,
    endsOn: current.endsOn,
    scope: { ...current.scope },
  };
  switch (kind) {
    case 'budget_move':
      next.budgetLines = applyBudgetMoves(current, changes.moves ?? []);
      return next;
    case 'no_cost_extension': {
      const endsOn = changes.endsOn!;
      if (endsOn <= current.endsOn) {
        throw ruleViolation(
          `An extension must end after the current end date ${current.endsOn}; ${endsOn} does not`,
        );
      }
      next.endsOn = endsOn;
      next.reportsRequired = changes.reportsRequired
        ? newReportDueDates(current.reportsRequired, changes.reportsRequired, today)
        : shiftReportsWithEnd(current.reportsRequired, current.endsOn, endsOn);
      return next;
    }
    case 'dates':
      next.startsOn = changes.startsOn ?? current.startsOn;
      next.endsOn = changes.endsOn ?? current.endsOn;
      if (next.endsOn < next.startsOn) {
        throw ruleViolation(
          `The project cannot end (${next.endsOn}) before it starts (${next.startsOn})`,
        );
      }
      return next;
    case 'scope':
      next.scope = { ...changes.scope! };
      return next;
  }
}

/** Explicit new due dates: the same report kinds as now, each due today or later. */
function newReportDueDates(
  current: readonly RequiredReport[],
  given: readonly RequiredReport[],
  today: string,
): RequiredReport[] {
  const kinds = (reports: readonly RequiredReport[]) =>
    reports
      .map((r) => r.kind)
      .sort()
      .join(', ');
  if (kinds(given) !== kinds(current)) {
    throw ruleViolation(
      `The new report due dates must name the award’s reports (${kinds(current) || 'none'}), ` +
        'each once',
    );
  }
  for (const report of given) {
    if (report.dueOn < today) {
      throw ruleViolation(`The ${report.kind} report cannot be due in the past (${report.dueOn})`);
    }
  }
  return given.map(({ kind, dueOn }) => ({ kind, dueOn }));
}
