import type { EntityManager } from 'typeorm';
import type { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import type { AwardAmendment } from './award-amendment.entity';

/**
 * An amendment's audit event and outbox row (`amendment.requested|recorded|approved|declined|
 * withdrawn`): the event carries the amendment's identity and versions, the audit entry also what
 * it changes, why, and the officer's note.
 */
export async function recordAmendment(
  manager: EntityManager,
  changeLog: ChangeLog,
  actor: Principal,
  amendment: AwardAmendment,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const payload = {
    amendmentId: amendment.id,
    awardId: amendment.awardId,
    kind: amendment.kind,
    status: amendment.status,
    baseVersion: amendment.baseVersion,
    resultingVersion: amendment.resultingVersion,
  };
  await changeLog.record(manager, {
    actor,
    action,
    entity: { type: 'amendment', id: amendment.id },
    data: {
      ...payload,
      changes: amendment.changes,
      reason: amendment.reason,
      decisionNote: amendment.decisionNote,
      ...extra,
    },
    event: { type: action, payload },
  });
}
