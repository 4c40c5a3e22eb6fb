import type { EntityManager } from 'typeorm';
import type { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import type { Refund } from './refund.entity';

/**
 * A refund asked for (`refund.due`): its audit event and outbox row, from a settlement that found
 * the advance too high or from an award's cancellation (`extra` says why).
 */
export function recordRefundDue(
  manager: EntityManager,
  changeLog: ChangeLog,
  actor: Principal,
  refund: Refund,
  extra: Record<string, unknown> = {},
): Promise<unknown> {
  return changeLog.record(manager, {
    actor,
    action: 'refund.due',
    publish: true,
    entity: { type: 'refund', id: refund.id },
    data: {
      refundId: refund.id,
      awardId: refund.awardId,
      settlementId: refund.settlementId ?? null,
      cityId: refund.cityId,
      side: refund.side,
      currency: refund.currency,
      amountMinor: refund.amountMinor,
      dueOn: refund.dueOn,
      ...extra,
    },
  });
}
