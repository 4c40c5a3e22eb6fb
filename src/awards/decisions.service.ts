import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { firstVersionOf } from '../amendments/award-terms';
import { AwardVersion } from '../amendments/award-version.entity';
import { ApplicationTransition } from '../applications/application-transition.entity';
import { transition } from '../applications/application-transitions';
import { Application, type ApplicationStatus } from '../applications/application.entity';
import { requestedAmounts } from '../applications/requested-amounts';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { ChangeLog } from '../audit/change-log.service';
import { AppError } from '../common/errors/app-error';
import { formatMoney, type Money, sumByCurrency } from '../common/money/money';
import { isUniqueViolation } from '../database/errors';
import type { Insertable } from '../database/insertable';
import { saveChanges } from '../database/save-changes';
import { Assignment } from '../reviews/assignment.entity';
import { RoundBudget } from '../rounds/round-budget.entity';
import { Round } from '../rounds/round.entity';
import { ApplicationDecision } from './application-decision.entity';
import { AwardLine } from './award-line.entity';
import { Award } from './award.entity';
import { Disbursement } from './disbursement.entity';
import type { AwardView, DecisionNote } from './dto/award-response';
import type { AwardLineDto, DecisionDto } from './dto/decision.dto';
import { AWARD_FX, jpyToUsdMinor, trimRate } from './fx';
import { FxRate } from './fx-rate.entity';
import { type AwardedAmount, buildSchedule } from './schedule';
import { transaction } from '../database/transaction';

/** A decision as the service hands it out. */
export interface DecisionView {
  decision: ApplicationDecision;
  status: ApplicationStatus;
  award: AwardView | null;
  /** What the caller should know but is no error, e.g. the USD total awaits an FX rate. */
  notes: DecisionNote[];
}

const ruleViolation = (detail: string) => new AppError('rule_violation', detail);

/** The CHECK on round_budgets: the database's own refusal to commit more than the budget. */
function isBudgetCheckViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  return driverError?.code === '23514' && driverError.constraint === 'ck_round_budgets_committed';
}

/** The decision day is the UTC calendar date of the decision (SPEC §3: dates are UTC). */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

@Injectable()
export class DecisionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  /**
   * Approve, reject or waitlist an application (SPEC §5.5). An approval checks the reviews, the
   * requested amounts and the round's remaining budget and creates the award with its
   * disbursement schedule, all in the one transaction that holds the application's lock and the
   * round's budget rows: concurrent approvals queue on those rows, so the committed total can
   * never pass the budget.
   */
  async decide(
    principal: Principal,
    applicationId: string,
    dto: DecisionDto,
  ): Promise<DecisionView> {
    try {
      return await transaction(this.dataSource, async (manager) => {
        const application = await Reach.one(
          manager
            .getRepository(Application)
            .createQueryBuilder('a')
            .where('a.id = :id', { id: applicationId })
            .setLock('pessimistic_write'),
          'application',
          'a',
          principal,
          'Application',
        );
        const from = application.status;
        const to = transition(application, `decide_${dto.outcome}`, principal);
        const decidedAt = new Date();
        const approval =
          dto.outcome === 'approved'
            ? await this.createAward(manager, principal, application, dto.awards ?? [], decidedAt)
            : null;

        await saveChanges(manager, Application, application, { status: to });
        await manager.insert(ApplicationTransition, {
          applicationId,
          from,
          to,
          action: 'decide',
          actorId: principal.userId,
          message: null,
          at: decidedAt,
        } as Insertable<ApplicationTransition>);
        const decision = await manager.save(
          manager.create(ApplicationDecision, {
            applicationId,
            outcome: dto.outcome,
            rationale: dto.rationale,
            decidedBy: principal.userId,
            decidedAt,
          }),
        );

        await this.changeLog.record(manager, {
          actor: principal,
          action: 'application.decided',
          entity: { type: 'application', id: applicationId },
          data: {
            from,
            to,
            outcome: dto.outcome,
            rationale: dto.rationale,
            decisionId: decision.id,
            awardId: approval?.award.id ?? null,
          },
          event: {
            type: 'application.decided',
            payload: {
              applicationId,
              roundId: application.roundId,
              outcome: dto.outcome,
              decidedAt: decidedAt.toISOString(),
            },
          },
        });
        if (approval) {
          const { award, lines, disbursements } = approval;
          const plainLines = lines.map(({ side, currency, amountMinor }) => ({
            side,
            currency,
            amountMinor,
          }));
          await this.changeLog.record(manager, {
            actor: principal,
            action: 'award.created',
            entity: { type: 'award', id: award.id },
            data: {
              applicationId,
              roundId: award.roundId,
              lines: plainLines,
              fxRateJpyPerUsd: award.fxRateJpyPerUsd,
              fxRateEffectiveOn: award.fxRateEffectiveOn,
              usdTotalMinor: award.usdTotalMinor,
              disbursements: (disbursements ?? []).map((d) => ({
                id: d.id,
                tranche: d.trancheKey,
                side: d.side,
                currency: d.currency,
                amountMinor: d.amountMinor,
                status: d.status,
              })),
            },
            event: {
              type: 'award.created',
              payload: {
                awardId: award.id,
                applicationId,
                roundId: award.roundId,
                lines: plainLines,
              },
            },
          });
        }
        return { decision, status: to, award: approval, notes: approval?.notes ?? [] };
      });
    } catch (error) {
      // Unreachable while the budget rows are locked first; the database's last word all the same.
      if (isBudgetCheckViolation(error)) {
        throw ruleViolation('The award does not fit the round’s remaining budget');
      }
      // Unreachable behind the application's row lock, which makes a second approval see
      // `approved`; kept so a bypassing writer still gets the state error, not a 500.
      if (isUniqueViolation(error, 'ux_awards_application')) {
        throw new AppError('invalid_state', 'This application already has an award');
      }
      throw error;
    }
  }

  private async createAward(
    manager: EntityManager,
    principal: Principal,
    application: Application,
    awarded: AwardLineDto[],
    decidedAt: Date,
  ): Promise<AwardView & { notes: DecisionNote[] }> {
    const round = await manager.findOneByOrFail(Round, { id: application.roundId });
    await assertReviewsSubmitted(manager, application, round);
    // In the order reads return them (side, then currency), so every response lists them alike.
    const lines: AwardedAmount[] = awarded
      .map(({ side, currency, amountMinor }) => ({ side, currency, amountMinor }))
      .sort((a, b) => a.side.localeCompare(b.side) || a.currency.localeCompare(b.currency));
    assertWithinRequest(application, lines);
    assertOneCurrencyPerSide(lines);
    if (round.trancheSchedule.reduce((sum, t) => sum + t.percent, 0) !== 100) {
      throw ruleViolation('The round’s tranche schedule does not add up to 100 %');
    }
    const totals = sumByCurrency(lines);
    await commitBudget(manager, round.id, totals);
    const fx = await this.usdTotal(manager, totals, decidedAt);

    const award = await manager.save(
      manager.create(Award, {
        applicationId: application.id,
        roundId: round.id,
        partnershipId: application.partnershipId,
        jpCityId: application.jpCityId,
        usCityId: application.usCityId,
        fxRateJpyPerUsd: fx.rate,
        fxRateEffectiveOn: fx.effectiveOn,
        usdTotalMinor: fx.usdTotalMinor,
        decidedBy: principal.userId,
      }),
    );
    award.application = application;
    const awardLines = lines.map((line) =>
      manager.create(AwardLine, { awardId: award.id, ...line }),
    );
    await manager.insert(AwardLine, awardLines as Insertable<AwardLine>[]);
    // Version 1 of the award's terms, with the award (amendments write the next ones).
    await manager.insert(AwardVersion, await firstVersionOf(manager, award));
    const disbursements = await manager.save(
      buildSchedule(lines, round.trancheSchedule)
        .sort((a, b) => a.trancheIndex - b.trancheIndex || a.side.localeCompare(b.side))
        .map((planned) => manager.create(Disbursement, { awardId: award.id, ...planned })),
    );
    return { award, lines: awardLines, disbursements, paid: [], notes: fx.notes };
  }

  /**
   * The award in US cents: its USD plus its yen at the rate of the decision day (the newest
   * USD→JPY rate effective on or before it), converted once on the yen total. Without a rate the
   * USD total stays unknown (null): the award stands, the total can be worked out later.
   */
  private async usdTotal(manager: EntityManager, totals: Money[], decidedAt: Date) {
    const usd = totals.find((t) => t.currency === 'USD')?.amountMinor ?? 0;
    const yen = totals.find((t) => t.currency === 'JPY')?.amountMinor;
    if (yen === undefined) {
      return { rate: null, effectiveOn: null, usdTotalMinor: usd, notes: [] as DecisionNote[] };
    }
    const day = utcDay(decidedAt);
    const fxRate = await manager
      .getRepository(FxRate)
      .createQueryBuilder('f')
      .where('f.base = :base AND f.quote = :quote', AWARD_FX)
      .andWhere('f.effectiveOn <= :day', { day })
      .orderBy('f.effectiveOn', 'DESC')
      .getOne();
    if (!fxRate) {
      return {
        rate: null,
        effectiveOn: null,
        usdTotalMinor: null,
        notes: [
          {
            code: 'fx_rate_missing',
            text:
              `No USD→JPY rate is recorded on or before ${day}: the award's USD total is unknown ` +
              '(usdTotalMinor null) until one is',
          },
        ] satisfies DecisionNote[],
      };
    }
    const rate = trimRate(fxRate.rate);
    return {
      rate,
      effectiveOn: fxRate.effectiveOn,
      usdTotalMinor: usd + jpyToUsdMinor(yen, rate),
      notes: [] as DecisionNote[],
    };
  }
}

async function assertReviewsSubmitted(
  manager: EntityManager,
  application: Application,
  round: Round,
): Promise<void> {
  const submitted = await manager.countBy(Assignment, {
    applicationId: application.id,
    status: 'submitted',
  });
  if (submitted < round.reviewersPerApplication) {
    throw ruleViolation(
      `Approval needs ${round.reviewersPerApplication} submitted reviews; ` +
        `this application has ${submitted}`,
    );
  }
}

/** Each line at most what that side asked for in that currency (SPEC §5.5). */
function assertWithinRequest(application: Application, lines: readonly AwardedAmount[]): void {
  const requested = requestedAmounts(application.budgetLines);
  for (const line of lines) {
    const asked = requested.find((r) => r.side === line.side && r.currency === line.currency);
    if (!asked) {
      throw ruleViolation(`The ${line.side} side requested nothing in ${line.currency}`);
    }
    if (line.amountMinor > asked.amountMinor) {
      throw ruleViolation(
        `The ${line.side} side is awarded ${formatMoney(line)}, more than its request of ` +
          formatMoney(asked),
      );
    }
  }
}

/**
 * "One disbursement per tranche per side" (SPEC §5.5, and the unique index on
 * disbursements (award, tranche, side)): a side is paid in one currency.
 */
function assertOneCurrencyPerSide(lines: readonly AwardedAmount[]): void {
  for (const side of ['JP', 'US'] as const) {
    if (lines.filter((l) => l.side === side).length > 1) {
      throw ruleViolation(`The ${side} side is awarded in two currencies; a side is paid in one`);
    }
  }
}

/**
 * Locks the round's budget rows of the award's currencies, checks each has room and commits the
 * award against it. Locking in currency order gives every approval the same lock order, so two
 * approvals with USD and JPY lines cannot deadlock; READ COMMITTED re-reads each row once its lock
 * is granted, so the check sees every approval committed before it.
 */
async function commitBudget(manager: EntityManager, roundId: string, totals: Money[]) {
  const budgets = await manager
    .getRepository(RoundBudget)
    .createQueryBuilder('b')
    .where('b.roundId = :roundId', { roundId })
    .andWhere('b.currency IN (:...currencies)', { currencies: totals.map((t) => t.currency) })
    .orderBy('b.currency', 'ASC')
    .setLock('pessimistic_write')
    .getMany();
  for (const total of totals) {
    const budget = budgets.find((b) => b.currency === total.currency);
    if (!budget) throw ruleViolation(`The round has no ${total.currency} budget`);
    const remaining = budget.amountMinor - budget.committedMinor;
    if (total.amountMinor > remaining) {
      throw ruleViolation(
        `${total.currency} budget: ${formatMoney({ amountMinor: remaining, currency: total.currency })} ` +
          `remaining, ${formatMoney(total)} requested`,
      );
    }
  }
  for (const total of totals) {
    await manager
      .createQueryBuilder()
      .update(RoundBudget)
      .set({ committedMinor: () => 'committed_minor + :amount' })
      .where('round_id = :roundId AND currency = :currency', { roundId, currency: total.currency })
      .setParameter('amount', total.amountMinor)
      .execute();
  }
}
