import type { EntityManager } from 'typeorm';
import type { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import { Disbursement } from '../awards/disbursement.entity';
import { saveChanges } from '../database/save-changes';

/** What every event about a disbursement carries (SPEC §5.10 payloads). */
export function disbursementSummary(d: Disbursement) {
  return {
    disbursementId: d.id,
    awardId: d.awardId,
    tranche: d.trancheKey,
    side: d.side,
    currency: d.currency,
    amountMinor: d.amountMinor,
    status: d.status,
    requestSeq: d.requestSeq,
  };
}

/**
 * Cancels a disbursement the caller holds locked and whose status allows it, with its
 * `disbursement.cancelled` event: the finance officer's cancel, a settlement superseding unpaid
 * tranches, an award's cancellation. `context` adds what made it happen to the event.
 */
export async function cancelDisbursement(
  manager: EntityManager,
  changeLog: ChangeLog,
  actor: Principal,
  d: Disbursement,
  reason: string,
  context: Record<string, unknown> = {},
): Promise<void> {
  const from = d.status;
  await saveChanges(manager, Disbursement, d, { status: 'cancelled', cancelReason: reason });
  await changeLog.record(manager, {
    actor,
    action: 'disbursement.cancelled',
    entity: { type: 'disbursement', id: d.id },
    data: { ...disbursementSummary(d), from, reason, ...context },
  });
}
