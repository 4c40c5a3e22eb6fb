import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { currentTerms } from '../amendments/award-terms';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { ChangeLog } from '../audit/change-log.service';
import { AwardLine } from '../awards/award-line.entity';
import { Award } from '../awards/award.entity';
import { toBilingual } from '../common/bilingual.dto';
import { AppError, notFound } from '../common/errors/app-error';
import { assertVersion } from '../common/http/etag';
import { Page, paginate } from '../common/http/pagination';
import { isUniqueViolation } from '../database/errors';
import { saveChanges } from '../database/save-changes';
import { releaseHeldTranches } from '../disbursements/disbursement-release';
import { Round } from '../rounds/round.entity';
import { displayNames } from '../users/display-names';
import type { ReportListView, ReportView } from './dto/report-response';
import type {
  CreateReportDto,
  ExpenseDto,
  ListReportsQuery,
  ReportSide,
  UpdateReportDto,
} from './dto/report.dto';
import { compareExpenses, expenseTotals, sidesOf } from './expense-comparison';
import { Expense, GranteeReport } from './grantee-report.entity';
import { ReportTransition, transitionFor } from './report-transitions';
import { currentManager, transaction } from '../database/transaction';

const ONE_REPORT_PER_SLOT = 'ux_grantee_reports_slot';

export interface AcceptedReport extends ReportView {
  releasedDisbursementIds: string[];
}

/** Grantee reports (SPEC §5.8): written by the award's cities, reviewed by the program office. */
@Injectable()
export class GranteeReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  /** A draft report of one kind for one side (or both), due when the award's terms say. */
  async create(actor: Principal, awardId: string, dto: CreateReportDto): Promise<ReportView> {
    const expenses = toExpenses(dto.expenses ?? []);
    const id = await transaction(this.dataSource, async (manager) => {
      const award = await Reach.one(
        manager.getRepository(Award).createQueryBuilder('a').where('a.id = :awardId', { awardId }),
        'award',
        'a',
        actor,
        'Award',
      );
      assertWritesFor(actor, award, dto.side);
      // Serialises report creation per award, so a joint report and a side's own cannot both
      // slip in (the unique index only covers one slot).
      await manager.query('SELECT 1 FROM awards WHERE id = $1 FOR NO KEY UPDATE', [awardId]);
      // Due when the award's terms in force say (an extension moves them), read under the lock
      // an amendment's new version is written under.
      const locked = await manager.findOneByOrFail(Award, { id: awardId });
      const round = await manager.findOneByOrFail(Round, { id: award.roundId });
      const terms = await currentTerms(manager, locked);
      const required = terms.reportsRequired.find((r) => r.kind === dto.kind);
      if (!required) {
        throw new AppError('rule_violation', `Round ${round.code} requires no ${dto.kind} report`);
      }
      await assertSlotFree(manager, awardId, dto.kind, dto.side);
      const fields = {
        awardId,
        kind: dto.kind,
        side: dto.side,
        narrative: toBilingual(dto.narrative),
        expenses,
        dueOn: required.dueOn,
      };
      const report = await manager.save(
        manager.create(GranteeReport, { ...fields, status: 'draft', createdBy: actor.userId }),
      );
      await this.changeLog.record(manager, {
        actor,
        action: 'report.created',
        entity: { type: 'report', id: report.id },
        data: fields,
      });
      return report.id;
    }).catch((error: unknown) => {
      if (isUniqueViolation(error, ONE_REPORT_PER_SLOT)) {
        throw duplicate(dto.kind, dto.side);
      }
      throw error;
    });
    return this.load(currentManager(this.dataSource), id);
  }

  /** Edits the narrative or expenses while the grantee holds the report. */
  async update(
    actor: Principal,
    id: string,
    dto: UpdateReportDto,
    expectedVersion: number | undefined,
  ): Promise<ReportView> {
    await this.dataSource.transaction(async (manager) => {
      const report = await this.lockForGrantee(manager, actor, id);
      assertVersion(report, expectedVersion);
      const { event } = transitionFor(report, 'edit', actor);
      const changes = {
        ...(dto.narrative !== undefined ? { narrative: toBilingual(dto.narrative) } : {}),
        ...(dto.expenses !== undefined ? { expenses: toExpenses(dto.expenses) } : {}),
      };
      if (Object.keys(changes).length === 0) return;
      await saveChanges(manager, GranteeReport, report, changes);
      await this.changeLog.record(manager, {
        actor,
        action: event,
        entity: { type: 'report', id },
        data: changes,
      });
    });
    return this.load(this.dataSource.manager, id);
  }

  async submit(actor: Principal, id: string): Promise<ReportView> {
    await transaction(this.dataSource, async (manager) => {
      const report = await this.lockForGrantee(manager, actor, id);
      await this.move(manager, actor, report, transitionFor(report, 'submit', actor), {
        submittedAt: new Date(),
      });
    });
    return this.load(currentManager(this.dataSource), id);
  }

  /**
   * Accepts the report and, in the same transaction, releases the held tranches it unlocks: this
   * award's `on_hold` disbursements released by this kind of report, of the report's side(s)
   * (SPEC §5.7 `release`; a tranche cancelled meanwhile stays cancelled). With `If-Match`, the
   * officer accepts the report as they read it: 412 when it changed since (sent back, edited and
   * resubmitted meanwhile).
   */
  async accept(
    actor: Principal,
    id: string,
    expectedVersion: number | undefined,
  ): Promise<AcceptedReport> {
    const releasedDisbursementIds = await transaction(this.dataSource, async (manager) => {
      const report = await this.lock(manager, actor, id);
      assertVersion(report, expectedVersion);
      const transition = transitionFor(report, 'accept', actor);
      const released = await releaseHeldTranches(manager, {
        awardId: report.awardId,
        releaseOn: `${report.kind}_report_accepted`,
        sides: sidesOf(report.side),
      });
      released.sort((a, b) => a.trancheIndex - b.trancheIndex || a.side.localeCompare(b.side));
      for (const d of released) {
        await this.changeLog.record(manager, {
          actor,
          action: 'disbursement.released',
          entity: { type: 'disbursement', id: d.id },
          data: {
            to: d.status,
            reportId: id,
            trancheKey: d.trancheKey,
            side: d.side,
            currency: d.currency,
            amountMinor: Number(d.amountMinor),
          },
        });
      }
      const ids = released.map((d) => d.id);
      await this.move(
        manager,
        actor,
        report,
        transition,
        { reviewedBy: actor.userId, reviewedAt: new Date() },
        { releasedDisbursementIds: ids },
      );
      return ids;
    });
    return { ...(await this.load(currentManager(this.dataSource), id)), releasedDisbursementIds };
  }

  async requestChanges(
    actor: Principal,
    id: string,
    message: string,
    expectedVersion: number | undefined,
  ): Promise<ReportView> {
    await transaction(this.dataSource, async (manager) => {
      const report = await this.lock(manager, actor, id);
      assertVersion(report, expectedVersion);
      const transition = transitionFor(report, 'request_changes', actor);
      await this.move(manager, actor, report, transition, {
        reviewedBy: actor.userId,
        reviewedAt: new Date(),
        changesMessage: message,
      });
    });
    return this.load(currentManager(this.dataSource), id);
  }

  /** A page of reports, newest first, each compared with its award: two queries per page. */
  async list(principal: Principal, query: ListReportsQuery): Promise<Page<ReportListView>> {
    const qb = this.dataSource.getRepository(GranteeReport).createQueryBuilder('r');
    if (query.awardId) qb.andWhere('r.awardId = :awardId', { awardId: query.awardId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.overdue !== undefined) {
      qb.andWhere(query.overdue ? 'r.overdueAt IS NOT NULL' : 'r.overdueAt IS NULL');
    }
    Reach.scope(qb, 'report', 'r', principal);
    const page = await paginate(qb, query, [
      { expression: 'r.createdAt', value: (r) => r.createdAt },
      { expression: 'r.id', value: (r) => r.id },
    ]);
    const awardIds = [...new Set(page.data.map((r) => r.awardId))];
    const [lines, awards] = awardIds.length
      ? await Promise.all([
          this.dataSource.getRepository(AwardLine).findBy({ awardId: In(awardIds) }),
          this.dataSource
            .getRepository(Award)
            .createQueryBuilder('aw')
            .innerJoin('aw.application', 'a')
            .select(['aw.id', 'a.id', 'a.title'])
            .where('aw.id IN (:...awardIds)', { awardIds })
            .getMany(),
        ])
      : [[], []];
    const titles = new Map(awards.map((award) => [award.id, award.application!.title]));
    const names = await displayNames(this.dataSource.manager, peopleOf(page.data));
    return {
      data: page.data.map((report) => ({
        report,
        applicationTitle: titles.get(report.awardId)!,
        expenseComparison: compareExpenses(
          report,
          lines.filter((l) => l.awardId === report.awardId),
        ),
        names,
      })),
      nextCursor: page.nextCursor,
    };
  }

  async get(principal: Principal, id: string): Promise<ReportView> {
    const report = await Reach.one(
      this.dataSource
        .getRepository(GranteeReport)
        .createQueryBuilder('r')
        .where('r.id = :id', { id }),
      'report',
      'r',
      principal,
      'Report',
    );
    return this.withComparison(this.dataSource.manager, report);
  }

  /** Applies a status transition to the locked report and records it. */
  private async move(
    manager: EntityManager,
    actor: Principal,
    report: GranteeReport,
    { to, event }: ReportTransition,
    fields: Partial<GranteeReport>,
    eventData: Record<string, unknown> = {},
  ): Promise<void> {
    const from = report.status;
    await saveChanges(manager, GranteeReport, report, { ...fields, status: to ?? from });
    const payload = {
      reportId: report.id,
      awardId: report.awardId,
      kind: report.kind,
      side: report.side,
      ...eventData,
    };
    await this.changeLog.record(manager, {
      actor,
      action: event,
      entity: { type: 'report', id: report.id },
      data: { from, to, ...fields, ...eventData },
      event: { type: event, payload },
    });
  }

  /** The report within the caller's reach, locked for this transaction (404 otherwise). */
  private lock(manager: EntityManager, actor: Principal, id: string): Promise<GranteeReport> {
    return Reach.one(
      manager
        .getRepository(GranteeReport)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id }),
      'report',
      'r',
      actor,
      'Report',
    );
  }

  /** As `lock`, and the caller writes for the report's side (a city user of that city). */
  private async lockForGrantee(
    manager: EntityManager,
    actor: Principal,
    id: string,
  ): Promise<GranteeReport> {
    const report = await this.lock(manager, actor, id);
    const award = await manager.findOneByOrFail(Award, { id: report.awardId });
    assertWritesFor(actor, award, report.side);
    return report;
  }

  private async load(manager: EntityManager, id: string): Promise<ReportView> {
    const report = await manager.findOneBy(GranteeReport, { id });
    if (!report) throw notFound('Report');
    return this.withComparison(manager, report);
  }

  private async withComparison(manager: EntityManager, report: GranteeReport): Promise<ReportView> {
    const lines = await manager.findBy(AwardLine, { awardId: report.awardId });
    const names = await displayNames(manager, peopleOf([report]));
    return { report, expenseComparison: compareExpenses(report, lines), names };
  }
}

/** Who started the reports and who reviewed them. */
const peopleOf = (reports: readonly GranteeReport[]) =>
  reports.flatMap((r) => [r.createdBy, r.reviewedBy]);

/**
 * A city user writes only its own side's report (either city a joint one); other roles allowed
 * on the route write any. Reach has already hidden awards of other cities (404).
 */
function assertWritesFor(
  actor: Principal,
  award: Pick<Award, 'jpCityId' | 'usCityId'>,
  side: ReportSide,
): void {
  if (actor.role !== 'city_user') return;
  const cities = sidesOf(side).map((s) => (s === 'JP' ? award.jpCityId : award.usCityId));
  if (!actor.cityId || !cities.includes(actor.cityId)) {
    throw new AppError('forbidden', `Only a user of the ${side} city may write the ${side} report`);
  }
}

/**
 * One report per kind per side: a second for the same slot, or a joint report next to a side's
 * own (it would account for that side twice), is a conflict.
 */
async function assertSlotFree(
  manager: EntityManager,
  awardId: string,
  kind: GranteeReport['kind'],
  side: ReportSide,
): Promise<void> {
  const clashing = side === 'joint' ? ['JP', 'US', 'joint'] : [side, 'joint'];
  const existing = await manager.findOne(GranteeReport, {
    where: { awardId, kind, side: In(clashing) },
    select: { id: true, side: true },
  });
  if (existing) throw duplicate(kind, existing.side);
}

function duplicate(kind: string, side: string): AppError {
  return new AppError('conflict', `This award already has a ${kind} report for ${side}`);
}

function toExpenses(expenses: readonly ExpenseDto[]): Expense[] {
  const plain = expenses.map(({ category, description, amountMinor, currency }) => ({
    category,
    description,
    amountMinor,
    currency,
  }));
  expenseTotals(plain);
  return plain;
}
