import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { Award } from '../awards/award.entity';
import { DisbursementApproval } from '../awards/disbursement-approval.entity';
import { Disbursement } from '../awards/disbursement.entity';
import { AppError } from '../common/errors/app-error';
import type { Currency } from '../common/money/money';
import { Environment } from '../config/environment';
import { isUniqueViolation } from '../database/errors';
import { saveChanges } from '../database/save-changes';
import { RAIL_CURRENCY } from '../payees/dto/payee-account.dto';
import { PayeeAccount } from '../payees/payee-account.entity';
import { maskedAccountData } from '../payees/payee-account-view';
import { assertPayoutsNotHeld, holdOf, payoutHolds, type PayoutHold } from '../settlements/holds';
import { displayNames } from '../users/display-names';
import { cancelDisbursement, disbursementSummary } from './disbursement-events';
import { nextStatus } from './disbursement-transitions';
import type {
  ReasonDto,
  RequestDisbursementDto,
  SettleDisbursementDto,
} from './dto/disbursement-actions.dto';
import { transaction } from '../database/transaction';

/** A disbursement with the approvals of its current request, as the workflow routes answer. */
export interface DisbursementView {
  disbursement: Disbursement;
  approvals: DisbursementApproval[];
  approvalsRequired: number;
  /** Whether payouts to the side's city are held (a refund due, an overdue report), and why. */
  hold: PayoutHold;
  /** The display names of the requester and the approvers, by user id. */
  names: ReadonlyMap<string, string>;
}

type Step = (manager: EntityManager, disbursement: Disbursement) => Promise<void>;

const rule = (detail: string) => new AppError('rule_violation', detail);

/** The database's own guard (migration PayoutsReportsExports): no award pays out more than its line. */
function isOverAward(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  return (
    driverError?.code === '23514' && driverError.constraint === 'ck_disbursements_within_award'
  );
}

/**
 * The payout workflow of SPEC §5.7 (maker–checker): request, approve, reject, settle, cancel. Each
 * action is one transaction holding the disbursement's row lock, checked against the transition
 * table, and recorded in the audit log and outbox. A payment run (src/payment-runs) does `claim`.
 */
@Injectable()
export class DisbursementsService {
  private readonly dualApprovalAbove: Record<Currency, number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    env: Environment,
  ) {
    this.dualApprovalAbove = {
      USD: env.PAYOUT_DUAL_APPROVAL_USD_MINOR,
      JPY: env.PAYOUT_DUAL_APPROVAL_JPY_MINOR,
    };
  }

  /** Above the currency's threshold a payout needs two distinct approvers, else one. */
  approvalsRequired(d: Pick<Disbursement, 'amountMinor' | 'currency'>): number {
    return d.amountMinor > this.dualApprovalAbove[d.currency] ? 2 : 1;
  }

  /**
   * Each disbursement with the approvals of its current request, the hold on its side's city and
   * who requested and approved it: one query for the approvals, two for the holds and one for the
   * names, whatever the number of disbursements.
   */
  async views(disbursements: Disbursement[]): Promise<DisbursementView[]> {
    const [approvals, holds] = disbursements.length
      ? await Promise.all([
          this.dataSource.getRepository(DisbursementApproval).find({
            where: { disbursementId: In(disbursements.map((d) => d.id)) },
            order: { approvedAt: 'ASC', id: 'ASC' },
          }),
          this.holdsOf(this.dataSource.manager, disbursements),
        ])
      : [[], new Map<string, PayoutHold>()];
    const names = await displayNames(this.dataSource.manager, [
      ...disbursements.map((d) => d.requestedBy),
      ...approvals.map((a) => a.approverId),
    ]);
    return disbursements.map((disbursement) => ({
      disbursement,
      approvals: approvals.filter(
        (a) => a.disbursementId === disbursement.id && a.requestSeq === disbursement.requestSeq,
      ),
      approvalsRequired: this.approvalsRequired(disbursement),
      hold: holds.get(disbursement.id) ?? holdOf([]),
      names,
    }));
  }

  /** The hold on each disbursement's side city, by disbursement id. */
  private async holdsOf(
    manager: EntityManager,
    disbursements: readonly Disbursement[],
  ): Promise<Map<string, PayoutHold>> {
    const awardIds = [...new Set(disbursements.map((d) => d.awardId))];
    const awards = (await manager.query(
      'SELECT id, jp_city_id, us_city_id FROM awards WHERE id = ANY($1::uuid[])',
      [awardIds],
    )) as { id: string; jp_city_id: string; us_city_id: string }[];
    const cityOf = new Map<string, string>();
    for (const d of disbursements) {
      const award = awards.find((a) => a.id === d.awardId);
      if (award) cityOf.set(d.id, d.side === 'US' ? award.us_city_id : award.jp_city_id);
    }
    const reasons = await payoutHolds(manager, [...cityOf.values()]);
    return new Map(disbursements.map((d) => [d.id, holdOf(reasons.get(cityOf.get(d.id)!))]));
  }

  /** Asks for a payout to a verified account of the side's city, on the currency's rail. */
  request(principal: Principal, id: string, dto: RequestDisbursementDto) {
    return this.act(principal, id, async (manager, d) => {
      const to = nextStatus(d.status, 'request');
      const award = await manager.findOneByOrFail(Award, { id: d.awardId });
      const sideCityId = d.side === 'US' ? award.usCityId : award.jpCityId;
      await assertPayoutsNotHeld(manager, sideCityId);
      const account = await manager.findOneBy(PayeeAccount, { id: dto.payeeAccountId });
      if (!account) throw rule(`payeeAccountId ${dto.payeeAccountId} names no payee account`);
      if (account.cityId !== sideCityId) {
        throw rule(`The payee account does not belong to the award's ${d.side} city`);
      }
      if (RAIL_CURRENCY[account.rail] !== d.currency) {
        throw rule(
          `A ${d.currency} payout goes over ${d.currency === 'USD' ? 'ACH' : 'Zengin'}; the account is ${account.rail}`,
        );
      }
      if (account.status !== 'verified') {
        throw rule(`The payee account is ${account.status}; payouts need a verified account`);
      }
      const previous = { status: d.status, paymentRunId: d.paymentRunId };
      await saveChanges(manager, Disbursement, d, {
        status: to,
        requestSeq: d.requestSeq + 1,
        payeeAccountId: account.id,
        requestedBy: principal.userId,
        requestedAt: new Date(),
        rejectionReason: null,
        // A re-request after a failed transfer is a new payout: it goes out in a new run.
        paymentRunId: null,
        sentAt: null,
        bankReference: null,
        failureReason: null,
        settledBy: null,
        settledAt: null,
      });
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'disbursement.requested',
        entity: { type: 'disbursement', id: d.id },
        data: {
          ...disbursementSummary(d),
          from: previous.status,
          previousPaymentRunId: previous.paymentRunId,
          approvalsRequired: this.approvalsRequired(d),
          payeeAccount: maskedAccountData(account),
        },
      });
    });
  }

  /**
   * Maker–checker: the approver is never the requester, approves a request once, and above the
   * threshold a second distinct approver is needed before the payout is `approved`.
   */
  approve(principal: Principal, id: string) {
    return this.act(principal, id, async (manager, d) => {
      const to = nextStatus(d.status, 'approve');
      if (d.requestedBy === principal.userId) {
        throw rule('Self-approval: the person who requested a payout cannot approve it');
      }
      const approvals = await this.approvalsOf(manager, d);
      if (approvals.some((a) => a.approverId === principal.userId)) {
        throw new AppError('conflict', 'You have already approved this payout request');
      }
      // A hold that began after the request still stops the payout before it is approved.
      const award = await manager.findOneByOrFail(Award, { id: d.awardId });
      await assertPayoutsNotHeld(manager, d.side === 'US' ? award.usCityId : award.jpCityId);
      await manager.insert(DisbursementApproval, {
        id: randomUUID(),
        disbursementId: d.id,
        requestSeq: d.requestSeq,
        approverId: principal.userId,
        approvedAt: new Date(),
      });
      const required = this.approvalsRequired(d);
      const recorded = approvals.length + 1;
      const complete = recorded >= required;
      if (complete) await saveChanges(manager, Disbursement, d, { status: to });
      const account = await manager.findOneByOrFail(PayeeAccount, { id: d.payeeAccountId! });
      const data = {
        ...disbursementSummary(d),
        approvalsRecorded: recorded,
        approvalsRequired: required,
        approverIds: [...approvals.map((a) => a.approverId), principal.userId],
        payeeAccount: maskedAccountData(account),
      };
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'disbursement.approved',
        entity: { type: 'disbursement', id: d.id },
        data,
        // Integrators hear of the payout once it is approved, not of each signature on the way.
        event: {
          type: complete ? 'disbursement.approved' : 'disbursement.approval_recorded',
          payload: data,
        },
      });
    });
  }

  reject(principal: Principal, id: string, dto: ReasonDto) {
    return this.act(principal, id, async (manager, d) => {
      await saveChanges(manager, Disbursement, d, {
        status: nextStatus(d.status, 'reject'),
        rejectionReason: dto.reason,
      });
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'disbursement.rejected',
        entity: { type: 'disbursement', id: d.id },
        data: { ...disbursementSummary(d), reason: dto.reason },
      });
    });
  }

  /** The bank's answer for a sent payout: paid, or failed (which may be requested again). */
  settle(principal: Principal, id: string, dto: SettleDisbursementDto) {
    if (dto.result === 'paid' && dto.failureReason !== undefined) {
      throw new AppError('validation_failed', 'A paid settlement has no failure reason', [
        { field: 'failureReason', message: 'only for result failed' },
      ]);
    }
    return this.act(principal, id, async (manager, d) => {
      await saveChanges(manager, Disbursement, d, {
        status: nextStatus(d.status, dto.result === 'paid' ? 'settle_paid' : 'settle_failed'),
        bankReference: dto.bankReference,
        failureReason: dto.result === 'failed' ? dto.failureReason! : null,
        settledBy: principal.userId,
        settledAt: new Date(),
      });
      const account = d.payeeAccountId
        ? await manager.findOneBy(PayeeAccount, { id: d.payeeAccountId })
        : null;
      const data = {
        ...disbursementSummary(d),
        bankReference: d.bankReference,
        ...(d.failureReason ? { failureReason: d.failureReason } : {}),
        paymentRunId: d.paymentRunId,
        ...(account ? { payeeAccount: maskedAccountData(account) } : {}),
      };
      await this.changeLog.record(manager, {
        actor: principal,
        action: `disbursement.${dto.result}`,
        entity: { type: 'disbursement', id: d.id },
        data,
        event: { type: `disbursement.${dto.result}`, payload: data },
      });
    });
  }

  cancel(principal: Principal, id: string, dto: ReasonDto) {
    return this.act(principal, id, async (manager, d) => {
      nextStatus(d.status, 'cancel');
      await cancelDisbursement(manager, this.changeLog, principal, d, dto.reason);
    });
  }

  /**
   * One workflow step: the row locked for the whole transaction (concurrent actions on one
   * disbursement queue here and see each other's outcome), then the view the route returns.
   */
  private async act(principal: Principal, id: string, step: Step): Promise<DisbursementView> {
    try {
      return await transaction(this.dataSource, async (manager) => {
        const disbursement = await Reach.one(
          manager
            .getRepository(Disbursement)
            .createQueryBuilder('d')
            .where('d.id = :id', { id })
            .setLock('pessimistic_write'),
          'disbursement',
          'd',
          principal,
          'Disbursement',
        );
        await step(manager, disbursement);
        const holds = await this.holdsOf(manager, [disbursement]);
        const approvals = await this.approvalsOf(manager, disbursement);
        const names = await displayNames(manager, [
          disbursement.requestedBy,
          ...approvals.map((a) => a.approverId),
        ]);
        return {
          disbursement,
          approvals,
          approvalsRequired: this.approvalsRequired(disbursement),
          hold: holds.get(disbursement.id) ?? holdOf([]),
          names,
        };
      });
    } catch (error) {
      if (isOverAward(error)) {
        throw rule('This payout would take the award past its amount for this side and currency');
      }
      if (isUniqueViolation(error, 'ux_disbursement_approvals_once')) {
        throw new AppError('conflict', 'You have already approved this payout request');
      }
      throw error;
    }
  }

  private approvalsOf(manager: EntityManager, d: Disbursement) {
    return manager.find(DisbursementApproval, {
      where: { disbursementId: d.id, requestSeq: d.requestSeq },
      order: { approvedAt: 'ASC', id: 'ASC' },
    });
  }
}
