import { AppError, FieldError } from '../common/errors/app-error';
import type { RubricCriterion } from '../rounds/round.entity';
import type { Recommendation } from './assignment.entity';

/**
 * The draft's scores against the round's rubric: every key a criterion, every score an integer
 * in 0..maxScore. Throws 422 naming each offending criterion. Missing criteria are fine in a
 * draft.
 */
export function assertScoresFitRubric(
  rubric: readonly RubricCriterion[],
  scores: Record<string, number>,
): void {
  const criteria = new Map(rubric.map((c) => [c.key, c]));
  const errors: FieldError[] = [];
  for (const [key, score] of Object.entries(scores)) {
    const criterion = criteria.get(key);
    if (!criterion) {
      errors.push({
        field: `scores.${key}`,
        message: `not a criterion of this round's rubric (${[...criteria.keys()].join(', ')})`,
      });
    } else if (!Number.isInteger(score) || score < 0 || score > criterion.maxScore) {
      errors.push({
        field: `scores.${key}`,
        message: `${key} must be an integer from 0 to ${criterion.maxScore}`,
      });
    }
  }
  if (errors.length) {
    throw new AppError(
      'rule_violation',
      `The scores do not fit the rubric: ${errors.map((e) => e.message).join('; ')}`,
      errors,
    );
  }
}

/** A review can be submitted only complete: a score for every criterion and a recommendation. */
export function assertComplete(
  rubric: readonly RubricCriterion[],
  scores: Record<string, number> | null,
  recommendation: Recommendation | null,
): void {
  const errors: FieldError[] = rubric
    .filter((c) => scores?.[c.key] === undefined)
    .map((c) => ({ field: `scores.${c.key}`, message: `a score for ${c.key} is required` }));
  if (!recommendation) {
    errors.push({ field: 'recommendation', message: 'a recommendation is required' });
  }
  if (errors.length) {
    throw new AppError(
      'rule_violation',
      `The review is incomplete: ${errors.map((e) => e.message).join('; ')}`,
      errors,
    );
  }
}

/**
 * Σ(weight × score / maxScore) / Σ weight: each criterion on a 0..1 scale, weighted, so reviews of
 * rounds with different scales compare. Called only on a complete review of a non-empty rubric.
 */
export function weightedScore(
  rubric: readonly RubricCriterion[],
  scores: Record<string, number>,
): number {
  let weighted = 0;
  let weights = 0;
  for (const c of rubric) {
    weighted += (c.weight * scores[c.key]) / c.maxScore;
    weights += c.weight;
  }
  return weighted / weights;
}
