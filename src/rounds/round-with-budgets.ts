import type { EntityManager } from 'typeorm';
import type { RoundBudget } from './round-budget.entity';
import { Round } from './round.entity';

export type RoundWithBudgets = Round & { budgets: RoundBudget[] };

/**
 * A round with its budget lines, in one query: `findOne` with a relation takes two (the distinct
 * ids, then the rows), and every application write reads its round.
 */
export async function findRoundWithBudgets(
  manager: EntityManager,
  id: string,
): Promise<RoundWithBudgets | null> {
  const round = await manager
    .getRepository(Round)
    .createQueryBuilder('r')
    .leftJoinAndSelect('r.budgets', 'b')
    .where('r.id = :id', { id })
    .getOne();
  return round && Object.assign(round, { budgets: round.budgets ?? [] });
}
