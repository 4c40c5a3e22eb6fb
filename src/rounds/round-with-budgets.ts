import type { EntityManager } from 'typeorm';
import type { RoundBudget } from './round-budget.entity';
import { PreparedSelect } from '../database/prepared-select';
import { Round } from './round.entity';

const ROUND_WITH_BUDGETS = new PreparedSelect('round_with_budgets');

export type RoundWithBudgets = Round & { budgets: RoundBudget[] };

/**
 * A round with its budget lines, in one query: `findOne` with a relation takes two (the distinct
 * ids, then the rows), and every application write reads its round (so its SQL is written once).
 */
export async function findRoundWithBudgets(
  manager: EntityManager,
  id: string,
): Promise<RoundWithBudgets | null> {
  const qb = manager
    .getRepository(Round)
    .createQueryBuilder('r')
    .leftJoinAndSelect('r.budgets', 'b')
    .where('r.id = :id', { id });
  const round = await ROUND_WITH_BUDGETS.one('by id', qb);
  return round ? Object.assign(round, { budgets: round.budgets ?? [] }) : null;
}
