import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Side } from '../applications/application.entity';
import { AwardAmendment } from '../amendments/award-amendment.entity';
import { recordAmendment } from '../amendments/amendment-events';
import { currentTerms } from '../amendments/award-terms';
import { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { AppError } from '../common/errors/app-error';
import { saveChanges } from '../database/save-changes';
import type { Currency } from '../common/money/money';
import { cancelDisbursement } from '../disbursements/disbursement-events';
import { Environment } from '../config/environment';
import { recordRefundDue } from '../settlements/refund-events';
import { Refund } from '../settlements/refund.entity';
import { Settlement } from '../settlements/settlement.entity';
import { Award } from './award.entity';
import { Disbursement, type DisbursementStatus } from './disbursement.entity';
import type { CancelAwardDto } from './dto/cancel-award.dto';
import { transaction } from '../database/transaction';

/** What an award's cancellation stops: every tranche not yet sent or paid (a failed one too). */
const CANCELLABLE: readonly DisbursementStatus[] = [
  'on_hold',
  'scheduled',
  'failed',
  'pending_approval',
  'approved',
];
const AMENDMENT_NOTE = 'award cancelled';
const DAY_MS = 86_400_000;

export interface AwardCancellation {
  award: Award;
  cancelledDisbursements: Disbursement[];
  releasedBudget: { currency: Currency; amountMinor: number }[];
  refunds: Refund[];
  declinedAmendmentIds: string[];
}

/**
 * Cancelling an active award (the program office's decision): in one transaction holding the
 * award's row, the tranches that will now never be paid are cancelled, the round budget's
 * commitment of them released, open amendment requests declined, and — when asked — a refund
 * is due from each side for what it has been paid (the budget counts that back as it comes in).
 */
@Injectable()
export class AwardCancellationService {
  private readonly refundDueDays: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    env: Environment,
  ) {
    this.refundDueDays = env.REFUND_DUE_DAYS;
  }

  cancel(principal: Principal, id: string, dto: CancelAwardDto): Promise<AwardCancellation> {
    return transaction(this.dataSource, async (manager) => {
      const award = await Reach.one(
        manager
          .getRepository(Award)
          .createQueryBuilder('a')
          .where('a.id = :id', { id })
          .setLock('pessimistic_write'),
        'award',
        'a',
        principal,
        'Award',
      );
      if (award.status !== 'active') {
        throw new AppError(
          'invalid_state',
          `A ${award.status} award cannot be cancelled (allowed from active)`,
        );
      }
      // Every tranche locked, in one order, so a payout request or a payment run waits for us.
      const disbursements = await manager
        .getRepository(Disbursement)
        .createQueryBuilder('d')
        .where('d.awardId = :id', { id })
        .orderBy('d.id', 'ASC')
        .setLock('pessimistic_write')
        .getMany();
      const sent = disbursements.filter((d) => d.status === 'sent');
      if (sent.length) {
        throw new AppError(
          'invalid_state',
          `A payout of this award is sent and its outcome is not known yet ` +
            `(${sent.map((d) => `${d.side} ${d.trancheKey}`).join(', ')}); settle it first`,
        );
      }

      const now = new Date();
      const cancelled = disbursements.filter((d) => CANCELLABLE.includes(d.status));
      for (const d of cancelled) {
        await cancelDisbursement(manager, this.changeLog, principal, d, dto.reason, {
          awardCancelled: true,
        });
      }

      const sides = await this.sides(manager, award, disbursements);
      const releasedBudget = await this.release(manager, award, sides);
      const refunds = dto.recoverPaid ? await this.recover(manager, principal, award, sides) : [];
      const declinedAmendmentIds = await this.declineAmendments(manager, principal, award, now);

      Object.assign(award, {
        status: 'cancelled',
        cancelReason: dto.reason,
        cancelledBy: principal.userId,
        cancelledAt: now,
      } satisfies Partial<Award>);
      await manager.update(
        Award,
        { id: award.id },
        {
          status: award.status,
          cancelReason: award.cancelReason,
          cancelledBy: award.cancelledBy,
          cancelledAt: award.cancelledAt,
        },
      );
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'award.cancelled',
        publish: true,
        entity: { type: 'award', id: award.id },
        data: {
          awardId: award.id,
          roundId: award.roundId,
          reason: dto.reason,
          recoverPaid: dto.recoverPaid ?? false,
          cancelledDisbursements: cancelled.map((d) => ({
            disbursementId: d.id,
            side: d.side,
            currency: d.currency,
            amountMinor: d.amountMinor,
          })),
          releasedBudget,
          refunds: refunds.map((r) => ({
            refundId: r.id,
            side: r.side,
            currency: r.currency,
            amountMinor: r.amountMinor,
          })),
          declinedAmendmentIds,
        },
      });
      return {
        award,
        cancelledDisbursements: cancelled,
        releasedBudget,
        refunds,
        declinedAmendmentIds,
      };
    });
  }

  /**
   * Per side of the terms in force: its currency, what is still committed for it and what it has
   * been paid. Committed is the award, or — once the side's settlement is confirmed — the larger of
   * the confirmed amount and what was paid then (settlement released the rest already).
   */
  private async sides(manager: EntityManager, award: Award, disbursements: Disbursement[]) {
    const terms = await currentTerms(manager, award);
    const settlements = await manager.findBy(Settlement, {
      awardId: award.id,
      status: 'confirmed',
    });
    return terms.amounts.map(({ side, currency, amountMinor }) => {
      const paidMinor = disbursements
        .filter((d) => d.side === side && d.currency === currency && d.status === 'paid')
        .reduce((total, d) => total + d.amountMinor, 0);
      const settlement = settlements.find((s) => s.side === side && s.currency === currency);
      const committedMinor = settlement
        ? Math.max(settlement.confirmedMinor, settlement.paidMinor)
        : amountMinor;
      return { side, currency, paidMinor, committedMinor };
    });
  }

  /** Releases the commitment of what will now never be paid: per currency, committed − paid. */
  private async release(
    manager: EntityManager,
    award: Award,
    sides: { currency: Currency; paidMinor: number; committedMinor: number }[],
  ) {
    const byCurrency = new Map<Currency, number>();
    for (const s of sides) {
      const unpaid = Math.max(s.committedMinor - s.paidMinor, 0);
      byCurrency.set(s.currency, (byCurrency.get(s.currency) ?? 0) + unpaid);
    }
    const released = [...byCurrency]
      .filter(([, amountMinor]) => amountMinor > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amountMinor]) => ({ currency, amountMinor }));
    for (const { currency, amountMinor } of released) {
      await manager.query(
        `UPDATE round_budgets SET committed_minor = committed_minor - $3
          WHERE round_id = $1 AND currency = $2`,
        [award.roundId, currency, amountMinor],
      );
    }
    return released;
  }

  /**
   * A refund due from each side for what it was paid, less what it already owes or gave back for
   * this award (a settlement's refund); the budget counts it back only as it is received.
   */
  private async recover(
    manager: EntityManager,
    principal: Principal,
    award: Award,
    sides: { side: Side; currency: Currency; paidMinor: number }[],
  ): Promise<Refund[]> {
    const existing = await manager.findBy(Refund, { awardId: award.id });
    const dueOn = new Date(Date.now() + this.refundDueDays * DAY_MS).toISOString().slice(0, 10);
    const refunds: Refund[] = [];
    for (const { side, currency, paidMinor } of sides) {
      const owed = existing
        .filter((r) => r.side === side && r.currency === currency)
        .reduce(
          (total, r) => total + (r.status === 'cancelled' ? r.receivedMinor : r.amountMinor),
          0,
        );
      const amountMinor = paidMinor - owed;
      if (amountMinor <= 0) continue;
      const refund = await manager.save(
        manager.create(Refund, {
          awardId: award.id,
          settlementId: null,
          cityId: side === 'JP' ? award.jpCityId : award.usCityId,
          side,
          currency,
          amountMinor,
          status: 'due',
          dueOn,
          createdBy: principal.userId,
        }),
      );
      await recordRefundDue(manager, this.changeLog, principal, refund, {
        reason: 'award cancelled',
      });
      refunds.push(refund);
    }
    return refunds;
  }

  /** Open requests to amend a cancelled award have nothing left to amend: declined. */
  private async declineAmendments(
    manager: EntityManager,
    principal: Principal,
    award: Award,
    now: Date,
  ): Promise<string[]> {
    const open = await manager.find(AwardAmendment, {
      where: { awardId: award.id, status: In(['requested']) },
      lock: { mode: 'pessimistic_write' },
    });
    for (const amendment of open) {
      await saveChanges(manager, AwardAmendment, amendment, {
        status: 'declined',
        decidedBy: principal.userId,
        decidedAt: now,
        decisionNote: AMENDMENT_NOTE,
      });
      await recordAmendment(manager, this.changeLog, principal, amendment, 'amendment.declined');
    }
    return open.map((a) => a.id);
  }
}
