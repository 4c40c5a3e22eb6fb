import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { Award } from '../awards/award.entity';
import { AppError, notFound } from '../common/errors/app-error';
import { saveChanges } from '../database/save-changes';
import { assertVersion } from '../common/http/etag';
import { Page, paginate } from '../common/http/pagination';
import { formatMoney } from '../common/money/money';
import { JAPAN_TIME_ZONE } from '../common/time';
import { City } from '../partnerships/city.entity';
import type { CancelRefundDto, ListRefundsQuery, ReceiveRefundDto } from './dto/refund.dto';
import { holdOf, payoutHolds, type PayoutHold } from './holds';
import { Refund } from './refund.entity';
import { transaction } from '../database/transaction';

/** `YYYY-MM-DD` of `now` on the wall clock of `timeZone`. */
const dayIn = (timeZone: string, now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);

/**
 * Refunds (返還) tracked until received, and the payout holds they and late reports cause. A refund
 * is written `due` by a settlement that found an excess or by an award's cancellation; finance
 * records the money back (in parts if it comes in parts), or the program office waives it.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  list(principal: Principal, query: ListRefundsQuery): Promise<Page<Refund>> {
    const qb = this.dataSource.getRepository(Refund).createQueryBuilder('r');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.cityId) qb.andWhere('r.cityId = :cityId', { cityId: query.cityId });
    if (query.awardId) qb.andWhere('r.awardId = :awardId', { awardId: query.awardId });
    Reach.scope(qb, 'refund', 'r', principal);
    return paginate(qb, query, [
      { expression: 'r.createdAt', value: (r) => r.createdAt },
      { expression: 'r.id', value: (r) => r.id },
    ]);
  }

  get(principal: Principal, id: string): Promise<Refund> {
    return this.load(this.dataSource.manager, principal, id, false);
  }

  /**
   * Records money back. The round's budget counts it back at once: the award's round commits that
   * much less in the currency (it is in the pool again). The whole amount in → `received`.
   */
  receive(principal: Principal, id: string, dto: ReceiveRefundDto, ifMatch?: number) {
    return transaction(this.dataSource, async (manager) => {
      const refund = await this.load(manager, principal, id, true);
      // Today in Japan, the program's easternmost zone: no receipt dated today anywhere is refused.
      if (dto.receivedOn > dayIn(JAPAN_TIME_ZONE)) {
        throw new AppError('validation_failed', 'The request has invalid fields', [
          { field: 'receivedOn', message: 'receivedOn must not be in the future' },
        ]);
      }
      assertVersion(refund, ifMatch);
      this.assertDue(refund, 'received');
      const outstanding = refund.amountMinor - refund.receivedMinor;
      if (dto.amountMinor > outstanding) {
        throw new AppError(
          'rule_violation',
          `${formatMoney({ amountMinor: dto.amountMinor, currency: refund.currency })} is more than ` +
            `the ${formatMoney({ amountMinor: outstanding, currency: refund.currency })} outstanding`,
        );
      }
      const award = await manager.findOneByOrFail(Award, { id: refund.awardId });
      const receivedMinor = refund.receivedMinor + dto.amountMinor;
      await saveChanges(manager, Refund, refund, {
        receivedMinor,
        status: receivedMinor === refund.amountMinor ? 'received' : 'due',
        receivedOn: dto.receivedOn,
        bankReference: dto.bankReference,
        recordedBy: principal.userId,
      });
      // The CHECK on round_budgets holds: what is received was paid, and paid money stays
      // committed until it comes back (settlement and cancellation release only the unpaid).
      await manager.query(
        `UPDATE round_budgets SET committed_minor = committed_minor - $3
          WHERE round_id = $1 AND currency = $2`,
        [award.roundId, refund.currency, dto.amountMinor],
      );
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'refund.received',
        publish: true,
        entity: { type: 'refund', id: refund.id },
        data: {
          ...this.summary(refund),
          receivedNowMinor: dto.amountMinor,
          receivedOn: dto.receivedOn,
          bankReference: dto.bankReference,
          roundId: award.roundId,
        },
      });
      return refund;
    });
  }

  /** Waives what is still outstanding (the program office's decision, with its reason). */
  cancel(principal: Principal, id: string, dto: CancelRefundDto, ifMatch?: number) {
    return transaction(this.dataSource, async (manager) => {
      const refund = await this.load(manager, principal, id, true);
      assertVersion(refund, ifMatch);
      this.assertDue(refund, 'cancelled');
      const waivedMinor = refund.amountMinor - refund.receivedMinor;
      await saveChanges(manager, Refund, refund, {
        status: 'cancelled',
        cancelReason: dto.reason,
        cancelledBy: principal.userId,
      });
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'refund.cancelled',
        publish: true,
        entity: { type: 'refund', id: refund.id },
        data: { ...this.summary(refund), waivedMinor, reason: dto.reason },
      });
      return refund;
    });
  }

  /** A city's payout holds; a city user asks only of its own city (another's is 404). */
  async cityHolds(principal: Principal, cityId: string): Promise<PayoutHold> {
    if (principal.role === 'city_user' && principal.cityId !== cityId) throw notFound('City');
    const exists = await this.dataSource.getRepository(City).existsBy({ id: cityId });
    if (!exists) throw notFound('City');
    const holds = await payoutHolds(this.dataSource.manager, [cityId]);
    return holdOf(holds.get(cityId));
  }

  private assertDue(refund: Refund, to: string) {
    if (refund.status !== 'due') {
      throw new AppError(
        'invalid_state',
        `A ${refund.status} refund cannot be ${to} (allowed from due)`,
      );
    }
  }

  private load(manager: EntityManager, principal: Principal, id: string, lock: boolean) {
    const qb = manager.getRepository(Refund).createQueryBuilder('r').where('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return Reach.one(qb, 'refund', 'r', principal, 'Refund');
  }

  /** What every event about a refund carries. */
  private summary(r: Refund) {
    return {
      refundId: r.id,
      awardId: r.awardId,
      settlementId: r.settlementId,
      cityId: r.cityId,
      side: r.side,
      currency: r.currency,
      amountMinor: r.amountMinor,
      receivedMinor: r.receivedMinor,
      status: r.status,
    };
  }
}
