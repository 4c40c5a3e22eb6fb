import type { RubricCriterion } from '../rounds/round.entity';
import { AppError } from '../common/errors/app-error';
import { assertComplete, assertScoresFitRubric, weightedScore } from './review-scoring';

const rubric: RubricCriterion[] = [
  { key: 'impact', label: { en: 'Impact' }, weight: 2, maxScore: 5 },
  { key: 'feasibility', label: { en: 'Feasibility' }, weight: 1, maxScore: 10 },
];

const errorOf = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected an error');
};

describe('review scoring', () => {
  it('accepts a partial draft within range', () => {
    expect(() => assertScoresFitRubric(rubric, { impact: 5 })).not.toThrow();
    expect(() => assertScoresFitRubric(rubric, { impact: 0, feasibility: 10 })).not.toThrow();
  });

  it('refuses unknown criteria and out-of-range scores, naming each', () => {
    const error = errorOf(() => assertScoresFitRubric(rubric, { impact: 6, reach: 1 }));
    expect(error.code).toBe('rule_violation');
    expect(error.errors).toEqual([
      { field: 'scores.impact', message: 'impact must be an integer from 0 to 5' },
      {
        field: 'scores.reach',
        message: "not a criterion of this round's rubric (impact, feasibility)",
      },
    ]);
  });

  it('requires every criterion and a recommendation on submission', () => {
    const error = errorOf(() => assertComplete(rubric, { impact: 3 }, null));
    expect(error.errors?.map((e) => e.field)).toEqual(['scores.feasibility', 'recommendation']);
    expect(() => assertComplete(rubric, { impact: 3, feasibility: 0 }, 'maybe')).not.toThrow();
  });

  it('weights each criterion on a 0..1 scale', () => {
    // (2 × 4/5 + 1 × 5/10) / 3 = (1.6 + 0.5) / 3 = 0.7
    expect(weightedScore(rubric, { impact: 4, feasibility: 5 })).toBeCloseTo(0.7, 12);
    expect(weightedScore(rubric, { impact: 5, feasibility: 10 })).toBe(1);
    expect(weightedScore(rubric, { impact: 0, feasibility: 0 })).toBe(0);
  });
});
