import type { TFunction } from 'i18next';
import type { Round } from './data';

/** The fields the API names when it refuses to open a round (`openingProblems`, src/rounds). */
export type OpeningField =
  | 'budgets'
  | 'rubric'
  | 'trancheSchedule'
  | 'reportsRequired'
  | 'closesAt'
  | 'reviewersPerApplication';

/**
 * What a draft still lacks before it can open, the API's rules read from the round itself, in
 * the officer's words: shown before they try, and used to explain the API's 422 (whose messages
 * are in English only) field by field.
 */
export function openingProblems(
  round: Round,
  t: TFunction,
  now = Date.now(),
): { field: OpeningField; text: string }[] {
  const problems: { field: OpeningField; text: string }[] = [];
  const add = (field: OpeningField, key: string, options?: Record<string, unknown>) =>
    problems.push({ field, text: t(`rounds:opening.${key}`, options) });

  if (round.budgets.length === 0) add('budgets', 'budgets');
  if (round.rubric.length === 0) add('rubric', 'rubric');
  const sum = round.trancheSchedule.reduce((total, tranche) => total + tranche.percent, 0);
  if (sum !== 100) add('trancheSchedule', 'tranches', { sum });
  for (const kind of ['interim', 'final'] as const) {
    const waits = round.trancheSchedule.some((t) => t.releaseOn === `${kind}_report_accepted`);
    if (waits && !round.reportsRequired.some((r) => r.kind === kind)) {
      add('reportsRequired', `reports.${kind}`);
    }
  }
  if (Date.parse(round.closesAt) <= now) add('closesAt', 'closesAt');
  if (round.reviewersPerApplication < 1) add('reviewersPerApplication', 'reviewers');
  return problems;
}
