import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { Page, paginate } from '../common/http/pagination';
import { chainBreak } from './audit-chain';
import { AuditEvent, SealedAuditEvent } from './audit-event.entity';
import type { AuditEventQuery } from './dto/audit-event-query';
import type { ChainVerification } from './dto/audit-event.view';

/** Rows per round trip while verifying: the chain is never loaded whole. */
const VERIFY_BATCH = 5_000;

/** SPEC §3: times are UTC, so an instant without an offset is read as UTC (not server time). */
function utcInstant(value: string): string {
  if (!value.includes('T')) return `${value}T00:00:00Z`;
  return /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
}

/** Reading the audit trail (SPEC §5.11); writing it is ChangeLog's job. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Newest first, keyset on seq; every filter is answered by one of the table's indexes. Sealed
   * events only: an event joins the trail once it has its place in the chain (a request's own
   * before its response; a job's within AUDIT_SEAL_INTERVAL_MS).
   */
  async list(query: AuditEventQuery): Promise<Page<SealedAuditEvent>> {
    const qb = this.db
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.seq IS NOT NULL') as SelectQueryBuilder<SealedAuditEvent>;
    if (query.entityType !== undefined) qb.andWhere('e.entityType = :entityType', query);
    if (query.entityId !== undefined) qb.andWhere('e.entityId = :entityId', query);
    if (query.actorId !== undefined) qb.andWhere('e.actorId = :actorId', query);
    const from = query.from === undefined ? undefined : utcInstant(query.from);
    const to = query.to === undefined ? undefined : utcInstant(query.to);
    if (from !== undefined && to !== undefined && new Date(from) > new Date(to)) {
      throw new AppError('validation_failed', 'from is after to', [
        { field: 'from', message: 'from must not be after to' },
      ]);
    }
    if (from !== undefined) qb.andWhere('e.occurredAt >= CAST(:from AS timestamptz)', { from });
    if (to !== undefined) qb.andWhere('e.occurredAt <= CAST(:to AS timestamptz)', { to });
    return paginate(qb, query, [{ expression: 'e.seq', value: (e) => e.seq }], 'DESC');
  }

  /**
   * Walks the whole chain in seq order, a batch at a time, recomputing every hash; stops at the
   * first event that does not follow its predecessor. One repeatable-read snapshot, so events
   * appended meanwhile neither shift the batches nor count half.
   */
  async verify(): Promise<ChainVerification> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const events = manager.getRepository(AuditEvent);
      let previous = null as SealedAuditEvent | null;
      let checked = 0;
      for (;;) {
        const batch = (await events
          .createQueryBuilder('e')
          .where('e.seq > :after', { after: previous?.seq ?? 0 })
          .orderBy('e.seq', 'ASC')
          .limit(VERIFY_BATCH)
          .getMany()) as SealedAuditEvent[];
        for (const event of batch) {
          checked += 1;
          const reason = chainBreak(previous, event);
          if (reason) {
            return {
              valid: false,
              checked,
              firstBrokenAt: event.id,
              firstBrokenSeq: event.seq,
              reason,
            };
          }
          previous = event;
        }
        if (batch.length < VERIFY_BATCH) {
          return { valid: true, checked, firstBrokenAt: null, firstBrokenSeq: null, reason: null };
        }
      }
    });
  }
}
