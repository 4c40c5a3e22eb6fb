import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Side } from '../applications/application.entity';
import { currentTerms } from '../amendments/award-terms';
import { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { Award } from '../awards/award.entity';
import { Disbursement, type DisbursementStatus } from '../awards/disbursement.entity';
import { cancelDisbursement } from '../disbursements/disbursement-events';
import { AppError, notFound } from '../common/errors/app-error';
import { saveChanges } from '../database/save-changes';
import { assertVersion } from '../common/http/etag';
import { Page, PageQuery, paginate } from '../common/http/pagination';
import type { Currency } from '../common/money/money';
import { Environment } from '../config/environment';
import { GranteeReport } from '../grantee-reports/grantee-report.entity';
import { Round } from '../rounds/round.entity';
import type { ComputeSettlementDto } from './dto/settlement.dto';
import { Refund } from './refund.entity';
import {
  DEFAULT_SETTLEMENT_RULE,
  expensesFor,
  settle,
  type SettlementResult,
} from './settlement-rules';
import { Settlement, type ExcludedExpense } from './settlement.entity';
import { recordRefundDue } from './refund-events';
import { transaction } from '../database/transaction';

/** A payout on its way to the bank: settling now could pay it twice or count it wrong. */
const IN_FLIGHT: readonly DisbursementStatus[] = ['pending_approval', 'approved', 'sent'];
/** What a confirmed settlement replaces: the side's tranches not yet paid and not moving. */
const SUPERSEDED: readonly DisbursementStatus[] = ['on_hold', 'scheduled', 'failed'];
export const SUPERSEDED_REASON = 'superseded by the settlement';
export const SETTLEMENT_TRANCHE = 'settlement';

const DAY_MS = 86_400_000;

/** One side's settlement as computed from the award's terms, the round's rule and the report. */
interface Computation {
  reportId: string;
  awardVersion: number;
  currency: Currency;
  awardedMinor: number;
  rule: { subsidyRateBp: number; roundingUnitMinor: number; capMinor: number | null };
  result: SettlementResult;
}

const invalidState = (detail: string) => new AppError('invalid_state', detail);
const rule = (detail: string) => new AppError('rule_violation', detail);
const bigMax = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * 額の確定 (issue 17): the program officer computes a side's settlement from the accepted final
 * report (a draft, recomputed at will), then confirms it, which settles the side in the same
 * transaction: its unpaid tranches are cancelled, the balance is paid as one more disbursement
 * (through the usual maker–checker and payment runs) or a refund is due, the round's commitment
 * is released by what will never be paid, and the award closes once every side is settled.
 * Every write locks the award row first, so the two sides' actions on one award queue there.
 */
@Injectable()
export class SettlementsService {
  private readonly refundDueDays: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    env: Environment,
  ) {
    this.refundDueDays = env.REFUND_DUE_DAYS;
  }

  /** The award's settlements (one per side at most), newest first. */
  async listForAward(
    principal: Principal,
    awardId: string,
    query: PageQuery,
  ): Promise<Page<Settlement>> {
    await this.reachAward(this.dataSource.manager, principal, awardId);
    const qb = this.dataSource
      .getRepository(Settlement)
      .createQueryBuilder('s')
      .where('s.awardId = :awardId', { awardId });
    return paginate(qb, query, [
      { expression: 's.createdAt', value: (s) => s.createdAt },
      { expression: 's.id', value: (s) => s.id },
    ]);
  }

  get(principal: Principal, id: string): Promise<Settlement> {
    return this.reachSettlement(this.dataSource.manager, principal, id);
  }

  /** Computes the side's draft, or recomputes it (one row per award and side). */
  compute(
    principal: Principal,
    awardId: string,
    dto: ComputeSettlementDto,
  ): Promise<{ settlement: Settlement; created: boolean }> {
    const excluded: ExcludedExpense[] = (dto.excludedExpenses ?? [])
      .map(({ index, reason }) => ({ index, reason }))
      .sort((a, b) => a.index - b.index);
    return transaction(this.dataSource, async (manager) => {
      const award = await this.reachAward(manager, principal, awardId, true);
      assertActive(award);
      const existing = await manager.findOne(Settlement, {
        where: { awardId, side: dto.side },
        lock: { mode: 'pessimistic_write' },
      });
      if (existing?.status === 'confirmed') {
        throw invalidState(`The ${dto.side} side’s settlement is already confirmed`);
      }
      const computation = await this.computeSide(manager, award, dto.side, excluded);
      const fields = {
        ...settlementFields(computation),
        excluded,
        computedBy: principal.userId,
      } satisfies Partial<Settlement>;
      const settlement = existing
        ? await saveChanges(manager, Settlement, existing, fields)
        : await manager.save(
            manager.create(Settlement, { awardId, side: dto.side, status: 'draft', ...fields }),
          );
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'settlement.computed',
        entity: { type: 'settlement', id: settlement.id },
        data: {
          ...summary(settlement),
          spentMinor: settlement.spentMinor,
          eligibleMinor: settlement.eligibleMinor,
          subsidyRateBp: settlement.subsidyRateBp,
          roundingUnitMinor: settlement.roundingUnitMinor,
          capMinor: settlement.capMinor,
          reportId: settlement.reportId,
          awardVersion: settlement.awardVersion,
          excluded,
          recomputed: !!existing,
        },
      });
      return { settlement, created: !existing };
    });
  }

  /**
   * Confirms a draft and settles the side (see the class comment). Refused (409) while a payout
   * of the side is in flight, so what was paid is known; the draft is recomputed first, as the
   * award's terms may have changed since it was computed.
   */
  confirm(principal: Principal, id: string, expectedVersion: number | undefined) {
    return transaction(this.dataSource, async (manager) => {
      const reached = await this.reachSettlement(manager, principal, id);
      const award = await manager.findOneOrFail(Award, {
        where: { id: reached.awardId },
        lock: { mode: 'pessimistic_write' },
      });
      const settlement = await manager.findOneOrFail(Settlement, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      assertVersion(settlement, expectedVersion);
      if (settlement.status === 'confirmed') {
        throw invalidState(`The ${settlement.side} side’s settlement is already confirmed`);
      }
      assertActive(award);
      const side = settlement.side;
      const disbursements = await manager
        .getRepository(Disbursement)
        .createQueryBuilder('d')
        .where('d.awardId = :awardId', { awardId: award.id })
        .andWhere('d.side = :side', { side })
        .orderBy('d.trancheIndex', 'ASC')
        .setLock('pessimistic_write')
        .getMany();
      const inFlight = disbursements.filter((d) => IN_FLIGHT.includes(d.status));
      if (inFlight.length) {
        throw invalidState(
          `A payout of the ${side} side is in flight (${inFlight
            .map((d) => `${d.trancheKey}: ${d.status}`)
            .join(', ')}); confirm the settlement once it is paid, failed or cancelled`,
        );
      }

      const computation = await this.computeSide(manager, award, side, settlement.excluded);
      const { currency, awardedMinor } = computation;
      const confirmed = BigInt(computation.result.confirmedMinor);
      const paid = disbursements
        .filter((d) => d.status === 'paid' && d.currency === currency)
        .reduce((total, d) => total + BigInt(d.amountMinor), 0n);
      const balance = confirmed - paid;

      const cancelled = disbursements.filter((d) => SUPERSEDED.includes(d.status));
      for (const d of cancelled) {
        await cancelDisbursement(manager, this.changeLog, principal, d, SUPERSEDED_REASON);
      }

      let disbursement: Disbursement | null = null;
      let refund: Refund | null = null;
      if (balance > 0n) {
        disbursement = await manager.save(
          manager.create(Disbursement, {
            awardId: award.id,
            trancheKey: SETTLEMENT_TRANCHE,
            trancheIndex: await nextTrancheIndex(manager, award.id),
            releaseOn: 'final_report_accepted',
            side,
            currency,
            amountMinor: Number(balance),
            status: 'scheduled',
          }),
        );
      } else if (balance < 0n) {
        refund = await manager.save(
          manager.create(Refund, {
            awardId: award.id,
            settlementId: settlement.id,
            cityId: side === 'JP' ? award.jpCityId : award.usCityId,
            side,
            currency,
            amountMinor: Number(-balance),
            status: 'due',
            dueOn: new Date(Date.now() + this.refundDueDays * DAY_MS).toISOString().slice(0, 10),
            createdBy: principal.userId,
          }),
        );
      }

      // The commitment of what will never be paid; a refund counts back once it is received.
      const released = BigInt(awardedMinor) - bigMax(confirmed, paid);
      if (released > 0n) {
        await manager.query(
          `UPDATE round_budgets SET committed_minor = committed_minor - $3
            WHERE round_id = $1 AND currency = $2`,
          [award.roundId, currency, released.toString()],
        );
      }

      await saveChanges(manager, Settlement, settlement, {
        ...settlementFields(computation),
        status: 'confirmed',
        confirmedBy: principal.userId,
        confirmedAt: new Date(),
        paidMinor: Number(paid),
        balanceMinor: Number(balance),
        balanceDisbursementId: disbursement?.id ?? null,
        refundId: refund?.id ?? null,
      });
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'settlement.confirmed',
        publish: true,
        entity: { type: 'settlement', id: settlement.id },
        data: {
          ...summary(settlement),
          eligibleMinor: settlement.eligibleMinor,
          paidMinor: settlement.paidMinor,
          balanceMinor: settlement.balanceMinor,
          releasedCommitmentMinor: Number(released > 0n ? released : 0n),
          disbursementId: disbursement?.id ?? null,
          refundId: refund?.id ?? null,
          cancelledDisbursementIds: cancelled.map((d) => d.id),
        },
      });
      if (refund) await recordRefundDue(manager, this.changeLog, principal, refund);
      await this.closeWhenSettled(manager, principal, award);
      return settlement;
    });
  }

  /** The award closes once every side it grants money to has a confirmed settlement. */
  private async closeWhenSettled(manager: EntityManager, principal: Principal, award: Award) {
    const terms = await currentTerms(manager, award);
    const sides = [...new Set(terms.amounts.map((a) => a.side))];
    const confirmed = await manager.countBy(Settlement, {
      awardId: award.id,
      side: In(sides),
      status: 'confirmed',
    });
    if (confirmed < sides.length) return;
    award.status = 'closed';
    await manager.update(Award, { id: award.id }, { status: 'closed' });
    await this.changeLog.record(manager, {
      actor: principal,
      action: 'award.closed',
      entity: { type: 'award', id: award.id },
      data: { awardId: award.id, reason: 'every side settled', sides },
    });
  }

  /**
   * The side's settlement from the terms in force, the round's rule for the currency and the
   * accepted final report (the side's own, else the joint one): 409 without one, 422 for an
   * exclusion naming no expense of the side in its currency.
   */
  private async computeSide(
    manager: EntityManager,
    award: Award,
    side: Side,
    excluded: readonly ExcludedExpense[],
  ): Promise<Computation> {
    const reports = await manager.find(GranteeReport, {
      where: { awardId: award.id, kind: 'final', status: 'accepted', side: In([side, 'joint']) },
    });
    const report = reports.find((r) => r.side === side) ?? reports.find((r) => r.side === 'joint');
    if (!report) {
      throw invalidState(
        `The ${side} side has no accepted final report (its own or a joint one) to settle from`,
      );
    }
    const terms = await currentTerms(manager, award);
    const amount = terms.amounts.find((a) => a.side === side);
    if (!amount) throw rule(`The award grants the ${side} side nothing to settle`);
    const round = await manager.findOneByOrFail(Round, { id: award.roundId });
    const roundRule = round.settlementRules.find((r) => r.currency === amount.currency);
    const applied = {
      subsidyRateBp: roundRule?.subsidyRateBp ?? DEFAULT_SETTLEMENT_RULE.subsidyRateBp,
      roundingUnitMinor: roundRule?.roundingUnitMinor ?? DEFAULT_SETTLEMENT_RULE.roundingUnitMinor,
      capMinor: roundRule?.capMinor ?? null,
    };
    const expenses = expensesFor(report, side, amount.currency);
    const unknown = excluded.filter((e) => !expenses.some((x) => x.index === e.index));
    if (unknown.length) {
      throw rule(
        `Excluded expense ${unknown.map((e) => e.index).join(', ')} is no ${side} expense in ${amount.currency} of the final report`,
      );
    }
    const result = settle({
      awardedMinor: amount.amountMinor,
      budget: terms.budgetLines.filter((l) => l.side === side && l.currency === amount.currency),
      expenses,
      excludedIndexes: excluded.map((e) => e.index),
      rule: { ...applied, capMinor: applied.capMinor ?? undefined },
    });
    return {
      reportId: report.id,
      awardVersion: terms.version,
      currency: amount.currency,
      awardedMinor: amount.amountMinor,
      rule: applied,
      result,
    };
  }

  /** The award within the caller's reach (404 otherwise), row-locked when a write needs it. */
  private reachAward(manager: EntityManager, principal: Principal, id: string, lock = false) {
    const qb = manager.getRepository(Award).createQueryBuilder('a').where('a.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return Reach.one(qb, 'award', 'a', principal, 'Award');
  }

  /** A settlement reaches a city user through its award's two cities. */
  private async reachSettlement(
    manager: EntityManager,
    principal: Principal,
    id: string,
  ): Promise<Settlement> {
    const qb = manager
      .getRepository(Settlement)
      .createQueryBuilder('s')
      .innerJoin('s.award', 'aw')
      .where('s.id = :id', { id });
    Reach.scope(qb, 'award', 'aw', principal);
    const settlement = await qb.getOne();
    if (!settlement) throw notFound('Settlement');
    return settlement;
  }
}

function assertActive(award: Award): void {
  if (award.status !== 'active') {
    throw invalidState(`The award is ${award.status}; only an active award is settled`);
  }
}

async function nextTrancheIndex(manager: EntityManager, awardId: string): Promise<number> {
  const [row] = await manager.query<{ next: number }[]>(
    'SELECT COALESCE(MAX(tranche_index), -1) + 1 AS next FROM disbursements WHERE award_id = $1',
    [awardId],
  );
  return Number(row.next);
}

function settlementFields(c: Computation) {
  return {
    currency: c.currency,
    reportId: c.reportId,
    awardVersion: c.awardVersion,
    awardedMinor: c.awardedMinor,
    spentMinor: c.result.spentMinor,
    eligibleMinor: c.result.eligibleMinor,
    subsidyRateBp: c.rule.subsidyRateBp,
    roundingUnitMinor: c.rule.roundingUnitMinor,
    capMinor: c.rule.capMinor,
    confirmedMinor: c.result.confirmedMinor,
    categories: c.result.categories,
  } satisfies Partial<Settlement>;
}

/** What every event about a settlement carries. */
function summary(s: Settlement) {
  return {
    settlementId: s.id,
    awardId: s.awardId,
    side: s.side,
    currency: s.currency,
    status: s.status,
    awardedMinor: s.awardedMinor,
    confirmedMinor: s.confirmedMinor,
  };
}
