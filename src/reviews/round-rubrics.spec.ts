import type { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import type { RoundStatus, RubricCriterion } from '../rounds/round.entity';
import { RoundRubrics } from './round-rubrics';

const rubric: RubricCriterion[] = [
  { key: 'impact', label: { en: 'Impact', ja: '効果' }, weight: 2, maxScore: 5 },
];

/** A manager answering the rubric query with `row`, counting the queries it is asked. */
function managerWith(row: { status: RoundStatus; rubric: RubricCriterion[] } | undefined) {
  const asked: unknown[][] = [];
  const manager = {
    query: (_sql: string, parameters: unknown[]) => {
      asked.push(parameters);
      return Promise.resolve(row ? [structuredClone(row)] : []);
    },
  } as unknown as EntityManager;
  return { manager, asked };
}

describe('RoundRubrics', () => {
  it("reads a round's rubric once it is past draft, then keeps it", async () => {
    const rubrics = new RoundRubrics();
    const { manager, asked } = managerWith({ status: 'open', rubric });
    expect(await rubrics.of(manager, 'round-1')).toEqual(rubric);
    expect(await rubrics.of(manager, 'round-1')).toEqual(rubric);
    expect(asked).toEqual([['round-1']]);
  });

  it("reads a draft round's rubric every time: it may still change", async () => {
    const rubrics = new RoundRubrics();
    const { manager, asked } = managerWith({ status: 'draft', rubric });
    await rubrics.of(manager, 'round-1');
    await rubrics.of(manager, 'round-1');
    expect(asked).toHaveLength(2);
  });

  it('hands out a rubric no caller can change for the next', async () => {
    const rubrics = new RoundRubrics();
    const { manager } = managerWith({ status: 'closed', rubric });
    const kept = await rubrics.of(manager, 'round-1');
    expect(() => ((kept[0] as RubricCriterion).weight = 9)).toThrow(TypeError);
    expect(Object.isFrozen(kept)).toBe(true);
  });

  it.each([
    ['an unknown round', undefined],
    ['a round without criteria', { status: 'open' as const, rubric: [] }],
  ])('refuses %s as a rule violation, keeping nothing', async (_case, row) => {
    const rubrics = new RoundRubrics();
    const { manager, asked } = managerWith(row);
    for (let i = 0; i < 2; i++) {
      const error = await rubrics.of(manager, 'round-1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('rule_violation');
    }
    expect(asked).toHaveLength(2);
  });
});
