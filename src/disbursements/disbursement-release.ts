import { In, type EntityManager } from 'typeorm';
import type { Side } from '../applications/application.entity';
import { Disbursement } from '../awards/disbursement.entity';
import type { TrancheRelease } from '../rounds/round.entity';
import { statusesFor, transitionOf } from './disbursement-transitions';

/**
 * The system's `release` (SPEC §5.7): inside the caller's transaction (a grantee report being
 * accepted), the award's held tranches that `releaseOn` unlocks for `sides` become requestable.
 * Returns the released rows; the caller records them with ChangeLog in the same transaction.
 */
export async function releaseHeldTranches(
  manager: EntityManager,
  criteria: { awardId: string; releaseOn: TrancheRelease; sides: readonly Side[] },
): Promise<Disbursement[]> {
  const held = await manager
    .getRepository(Disbursement)
    .createQueryBuilder('d')
    .select('d.id')
    .where('d.awardId = :awardId', { awardId: criteria.awardId })
    .andWhere('d.releaseOn = :releaseOn', { releaseOn: criteria.releaseOn })
    .andWhere('d.side IN (:...sides)', { sides: [...criteria.sides] })
    .andWhere('d.status IN (:...from)', { from: [...statusesFor('release')] })
    .setLock('pessimistic_write')
    .getMany();
  if (!held.length) return [];
  const ids = held.map((d) => d.id);
  await manager.update(Disbursement, { id: In(ids) }, { status: transitionOf('release').to });
  return manager.find(Disbursement, {
    where: { id: In(ids) },
    order: { trancheIndex: 'ASC', side: 'ASC' },
  });
}
