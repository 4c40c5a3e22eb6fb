import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import type { RoundStatus, RubricCriterion } from '../rounds/round.entity';

/** More rounds than this and the rubrics kept start again empty (a program runs a few a year). */
const MAX_ROUNDS = 1_000;

/**
 * The rubric each review of a round is scored against. A rubric can change only while its round
 * is a draft, and a round never goes back to draft (SPEC §5.2, `ROUND_TRANSITIONS`), so a
 * non-draft round's rubric is read once and kept: saving or submitting a review is one database
 * round trip fewer. A draft round's rubric is read every time.
 */
@Injectable()
export class RoundRubrics {
  private readonly kept = new Map<string, readonly RubricCriterion[]>();

  async of(manager: EntityManager, roundId: string): Promise<readonly RubricCriterion[]> {
    const kept = this.kept.get(roundId);
    if (kept) return kept;
    const [round] = (await manager.query('SELECT status, rubric FROM rounds WHERE id = $1', [
      roundId,
    ])) as { status: RoundStatus; rubric: RubricCriterion[] }[];
    if (!round?.rubric.length) {
      throw new AppError('rule_violation', 'The round has no rubric to score against');
    }
    const rubric = Object.freeze(round.rubric.map((criterion) => Object.freeze(criterion)));
    if (round.status !== 'draft') {
      if (this.kept.size >= MAX_ROUNDS) this.kept.clear();
      this.kept.set(roundId, rubric);
    }
    return rubric;
  }
}
