import type { EntityManager } from 'typeorm';
import { Application } from '../applications/application.entity';
import { AwardLine } from '../awards/award-line.entity';
import { Award } from '../awards/award.entity';
import { splitLargestRemainder } from '../common/money/money';
import { Round } from '../rounds/round.entity';
import { ApprovedBudgetLine, AwardVersion, VersionAmount } from './award-version.entity';

/**
 * The approved budget: each side's requested lines, per category, scaled to what that side was
 * awarded in that currency by largest remainder (so the categories add up to the award exactly).
 * A line in a currency the side was not awarded is dropped.
 */
export function approvedBudget(
  requested: readonly Pick<ApprovedBudgetLine, 'side' | 'category' | 'currency' | 'amountMinor'>[],
  amounts: readonly VersionAmount[],
): ApprovedBudgetLine[] {
  const lines: ApprovedBudgetLine[] = [];
  for (const amount of amounts) {
    const byCategory = new Map<string, number>();
    for (const line of requested) {
      if (line.side !== amount.side || line.currency !== amount.currency) continue;
      byCategory.set(line.category, (byCategory.get(line.category) ?? 0) + line.amountMinor);
    }
    const categories = [...byCategory.keys()];
    const weights = [...byCategory.values()];
    if (weights.reduce((a, w) => a + w, 0) === 0) continue;
    splitLargestRemainder(amount.amountMinor, weights).forEach((amountMinor, i) =>
      lines.push({
        side: amount.side,
        category: categories[i],
        currency: amount.currency,
        amountMinor,
      }),
    );
  }
  return lines;
}

/**
 * Version 1 of an award's terms, from what the approval decided: its amounts, the application's
 * budget scaled to them, dates and summary, and the round's tranches and report due dates.
 */
export async function firstVersionOf(
  manager: EntityManager,
  award: Pick<Award, 'id' | 'applicationId' | 'roundId' | 'decidedBy'>,
): Promise<AwardVersion> {
  // One after another: `manager` is a transaction's, one connection (pg@9 refuses overlapping
  // queries on a client).
  const application = await manager.findOneByOrFail(Application, { id: award.applicationId });
  const round = await manager.findOneByOrFail(Round, { id: award.roundId });
  const awardLines = await manager.findBy(AwardLine, { awardId: award.id });
  const amounts: VersionAmount[] = awardLines
    .map(({ side, currency, amountMinor }) => ({ side, currency, amountMinor }))
    .sort((a, b) => a.side.localeCompare(b.side) || a.currency.localeCompare(b.currency));
  return manager.create(AwardVersion, {
    awardId: award.id,
    version: 1,
    amendmentId: null,
    amounts,
    budgetLines: approvedBudget(application.budgetLines, amounts),
    trancheSchedule: round.trancheSchedule,
    reportsRequired: round.reportsRequired,
    startsOn: application.startsOn,
    endsOn: application.endsOn,
    scope: application.summary,
    createdBy: award.decidedBy,
  });
}

/**
 * The terms in force for an award (`awards.current_version`). Version 1 is written with the
 * award; an award decided before versions existed gets it written here, on first use (the insert
 * is idempotent under concurrency: the primary key keeps one).
 */
export async function currentTerms(manager: EntityManager, award: Award): Promise<AwardVersion> {
  const found = await manager.findOneBy(AwardVersion, {
    awardId: award.id,
    version: award.currentVersion,
  });
  if (found) return found;
  if (award.currentVersion !== 1) {
    throw new Error(`award ${award.id} has no version ${award.currentVersion}`);
  }
  const first = await firstVersionOf(manager, award);
  await manager.createQueryBuilder().insert().into(AwardVersion).values(first).orIgnore().execute();
  return manager.findOneByOrFail(AwardVersion, { awardId: award.id, version: 1 });
}
