import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { ChangeLog } from '../audit/change-log.service';
import { toBilingual } from '../common/bilingual.dto';
import { AppError, notFound } from '../common/errors/app-error';
import { assertVersion } from '../common/http/etag';
import { Page, paginate } from '../common/http/pagination';
import { isKnownTimeZone, JAPAN_TIME_ZONE } from '../common/time';
import type { Currency } from '../common/money/money';
import { isUniqueViolation } from '../database/errors';
import { saveChanges } from '../database/save-changes';
import type { Insertable } from '../database/insertable';
import type { BudgetRow, RoundView } from './dto/round-response';
import type { CreateRoundDto, ListRoundsQuery, UpdateRoundDto } from './dto/round.dto';
import { RoundBudget } from './round-budget.entity';
import {
  assertOpenable,
  assertWindow,
  BudgetLine,
  pairBudgets,
  settlementRulesFor,
} from './round-rules';
import { RoundAction, transitionFor } from './round-transitions';
import { Round } from './round.entity';
import { findRoundWithBudgets, type RoundWithBudgets } from './round-with-budgets';

const DUPLICATE_CODE = 'ux_rounds_code';

@Injectable()
export class RoundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  async create(actor: Principal, dto: CreateRoundDto): Promise<RoundView> {
    const opensAt = new Date(dto.opensAt);
    const closesAt = new Date(dto.closesAt);
    assertWindow(opensAt, closesAt);
    const lines = pairBudgets(dto.budgets ?? [], dto.maxAward ?? []);
    const fields = {
      code: dto.code,
      title: toBilingual(dto.title),
      opensAt,
      closesAt,
      rubric: (dto.rubric ?? []).map((c) => ({ ...c, label: toBilingual(c.label) })),
      reviewersPerApplication: dto.reviewersPerApplication ?? 3,
      trancheSchedule: (dto.trancheSchedule ?? []).map((t) => ({ ...t })),
      reportsRequired: (dto.reportsRequired ?? []).map((r) => ({ ...r })),
      settlementRules: settlementRulesFor(
        dto.settlementRules ?? [],
        lines.map((l) => l.currency),
      ),
      amendmentApprovalPercent: dto.amendmentApprovalPercent ?? 20,
    };
    const id = await this.withUniqueCode(dto.code, () =>
      this.dataSource.transaction(async (manager) => {
        const round = await manager.save(manager.create(Round, { ...fields, status: 'draft' }));
        await this.replaceBudgets(manager, round.id, lines);
        await this.changeLog.record(manager, {
          actor,
          action: 'round.created',
          entity: { type: 'round', id: round.id },
          data: { ...fields, budgets: lines },
        });
        return round.id;
      }),
    );
    return this.view(await this.load(this.dataSource.manager, id));
  }

  /** Any subset of the fields, only while the round is a draft (what applicants saw stays put). */
  async update(
    actor: Principal,
    id: string,
    dto: UpdateRoundDto,
    expectedVersion: number | undefined,
  ): Promise<RoundView> {
    rejectNulls(dto);
    await this.withUniqueCode(dto.code, () =>
      this.dataSource.transaction(async (manager) => {
        const round = await this.lock(manager, id);
        assertVersion(round, expectedVersion);
        if (round.status !== 'draft') {
          throw new AppError(
            'invalid_state',
            `Only a draft round can be edited; this one is ${round.status}`,
          );
        }
        const changes: Partial<Round> = {
          ...(dto.code !== undefined ? { code: dto.code } : {}),
          ...(dto.title !== undefined ? { title: toBilingual(dto.title) } : {}),
          ...(dto.opensAt !== undefined ? { opensAt: new Date(dto.opensAt) } : {}),
          ...(dto.closesAt !== undefined ? { closesAt: new Date(dto.closesAt) } : {}),
          ...(dto.rubric !== undefined
            ? { rubric: dto.rubric.map((c) => ({ ...c, label: toBilingual(c.label) })) }
            : {}),
          ...(dto.reviewersPerApplication !== undefined
            ? { reviewersPerApplication: dto.reviewersPerApplication }
            : {}),
          ...(dto.trancheSchedule !== undefined
            ? { trancheSchedule: dto.trancheSchedule.map((t) => ({ ...t })) }
            : {}),
          ...(dto.reportsRequired !== undefined
            ? { reportsRequired: dto.reportsRequired.map((r) => ({ ...r })) }
            : {}),
          ...(dto.amendmentApprovalPercent !== undefined
            ? { amendmentApprovalPercent: dto.amendmentApprovalPercent }
            : {}),
        };
        assertWindow(changes.opensAt ?? round.opensAt, changes.closesAt ?? round.closesAt);
        let lines: BudgetLine[] | undefined;
        const budgetsChange = dto.budgets !== undefined || dto.maxAward !== undefined;
        if (budgetsChange || dto.settlementRules !== undefined) {
          const current = await manager.findBy(RoundBudget, { roundId: id });
          if (budgetsChange) {
            lines = pairBudgets(
              dto.budgets ??
                current.map((b) => ({ currency: b.currency, amountMinor: b.amountMinor })),
              dto.maxAward ??
                current.map((b) => ({ currency: b.currency, amountMinor: b.maxAwardMinor })),
            );
          }
          // The rules must name budget currencies, whichever of the two changed.
          const rules = settlementRulesFor(
            dto.settlementRules ?? round.settlementRules,
            (lines ?? current).map((l) => l.currency),
          );
          if (dto.settlementRules !== undefined) changes.settlementRules = rules;
        }
        if (Object.keys(changes).length === 0 && !lines) return;

        if (lines) await this.replaceBudgets(manager, id, lines);
        // The update builder bumps the version (the ETag) even when only budget rows changed.
        await manager
          .createQueryBuilder()
          .update(Round)
          .set({ ...changes, updatedAt: () => 'now()' })
          .where('id = :id', { id })
          .execute();
        await this.changeLog.record(manager, {
          actor,
          action: 'round.updated',
          entity: { type: 'round', id },
          data: { ...changes, ...(lines ? { budgets: lines } : {}) },
        });
      }),
    );
    return this.view(await this.load(this.dataSource.manager, id));
  }

  open(actor: Principal, id: string): Promise<RoundView> {
    return this.transition(actor, id, 'open');
  }

  close(actor: Principal, id: string): Promise<RoundView> {
    return this.transition(actor, id, 'close');
  }

  archive(actor: Principal, id: string): Promise<RoundView> {
    return this.transition(actor, id, 'archive');
  }

  async list(principal: Principal, query: ListRoundsQuery): Promise<Page<RoundView>> {
    const qb = this.dataSource.getRepository(Round).createQueryBuilder('r');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    Reach.scope(qb, 'round', 'r', principal);
    // Latest window first; the id breaks ties.
    const page = await paginate(qb, query, [
      { expression: 'r.opensAt', value: (r) => r.opensAt },
      { expression: 'r.id', value: (r) => r.id },
    ]);
    const ids = page.data.map((r) => r.id);
    const [budgets, timeZones] = await Promise.all([
      ids.length ? this.dataSource.manager.findBy(RoundBudget, { roundId: In(ids) }) : [],
      this.scheduleTimeZones(),
    ]);
    return {
      data: page.data.map((round) => ({
        round: Object.assign(round, { budgets: budgets.filter((b) => b.roundId === round.id) }),
        timeZones,
      })),
      nextCursor: page.nextCursor,
    };
  }

  async get(principal: Principal, id: string): Promise<RoundView> {
    const qb = this.dataSource
      .getRepository(Round)
      .createQueryBuilder('r')
      .leftJoinAndSelect('r.budgets', 'b')
      .where('r.id = :id', { id });
    const round = await Reach.one(qb, 'round', 'r', principal, 'Round');
    return this.view(withBudgets(round));
  }

  /**
   * Per currency: budget, committed by awards, paid out (the round's `paid` disbursements),
   * refunds due and received, in one query (the sums are correlated subqueries per budget row).
   */
  async budget(principal: Principal, id: string): Promise<{ roundId: string; rows: BudgetRow[] }> {
    const qb = this.dataSource
      .getRepository(Round)
      .createQueryBuilder('r')
      .leftJoin('r.budgets', 'b')
      .select('r.id', 'round_id')
      .addSelect('b.currency', 'currency')
      .addSelect('b.amountMinor', 'amount_minor')
      .addSelect('b.committedMinor', 'committed_minor')
      .addSelect(
        `(SELECT COALESCE(SUM(d.amount_minor), 0)::bigint FROM disbursements d
           JOIN awards da ON da.id = d.award_id
          WHERE da.round_id = r.id AND d.currency = b.currency AND d.status = 'paid')`,
        'disbursed_minor',
      )
      .addSelect(
        `(SELECT COALESCE(SUM(f.amount_minor - f.received_minor)
                   FILTER (WHERE f.status = 'due'), 0)::bigint
           FROM refunds f JOIN awards fa ON fa.id = f.award_id
          WHERE fa.round_id = r.id AND f.currency = b.currency)`,
        'refunds_due_minor',
      )
      .addSelect(
        `(SELECT COALESCE(SUM(f.received_minor), 0)::bigint
           FROM refunds f JOIN awards fa ON fa.id = f.award_id
          WHERE fa.round_id = r.id AND f.currency = b.currency)`,
        'refunded_minor',
      )
      .where('r.id = :id', { id });
    Reach.scope(qb, 'round', 'r', principal);
    const raw = await qb.getRawMany<{
      round_id: string;
      currency: Currency | null;
      amount_minor: number;
      committed_minor: number;
      disbursed_minor: number;
      refunds_due_minor: number;
      refunded_minor: number;
    }>();
    if (!raw.length) throw notFound('Round');
    const rows = raw
      .filter((row) => row.currency !== null)
      .map((row) => ({
        currency: row.currency!,
        amountMinor: Number(row.amount_minor),
        committedMinor: Number(row.committed_minor),
        disbursedMinor: Number(row.disbursed_minor),
        refundsDueMinor: Number(row.refunds_due_minor),
        refundedMinor: Number(row.refunded_minor),
      }));
    return { roundId: raw[0].round_id, rows };
  }

  /**
   * For the applications module, inside its transaction: the round an application is filed
   * against, if it takes applications now. The round row is locked FOR SHARE, so it cannot be
   * closed (FOR UPDATE) until the caller commits; its budget rows are read unlocked, as they only
   * change while the round is a draft (or under an award's FOR UPDATE, which applications do
   * not care about). A draft is 404 like a missing round (applicants never see drafts); another
   * status 409 invalid_state; outside its window 422 rule_violation.
   */
  async getOpenForApplication(
    manager: EntityManager,
    roundId: string,
    now = new Date(),
  ): Promise<Round & { budgets: RoundBudget[] }> {
    const round = await manager
      .getRepository(Round)
      .createQueryBuilder('r')
      .setLock('pessimistic_read')
      .where('r.id = :roundId', { roundId })
      .getOne();
    if (!round || round.status === 'draft') throw notFound('Round');
    if (round.status !== 'open') {
      throw new AppError(
        'invalid_state',
        `Round ${round.code} is ${round.status}: it takes no applications`,
      );
    }
    if (now.getTime() < round.opensAt.getTime()) {
      throw new AppError(
        'rule_violation',
        `Round ${round.code} opens at ${round.opensAt.toISOString()}`,
      );
    }
    if (now.getTime() >= round.closesAt.getTime()) {
      throw new AppError(
        'rule_violation',
        `The deadline of round ${round.code} passed at ${round.closesAt.toISOString()}`,
      );
    }
    const budgets = await manager.findBy(RoundBudget, { roundId });
    return Object.assign(round, { budgets });
  }

  private async transition(actor: Principal, id: string, action: RoundAction): Promise<RoundView> {
    const round = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lock(manager, id);
      const transition = transitionFor(locked.status, action);
      if (action === 'open') {
        const budgets = await manager.findBy(RoundBudget, { roundId: id });
        assertOpenable(locked, budgets, new Date());
      }
      await saveChanges(manager, Round, locked, { status: transition.to });
      await this.changeLog.record(manager, {
        actor,
        action: transition.event,
        entity: { type: 'round', id },
        data: { code: locked.code, from: transition.from, to: transition.to },
      });
      return this.load(manager, id);
    });
    return this.view(round);
  }

  private async lock(manager: EntityManager, id: string): Promise<Round> {
    const round = await manager.findOne(Round, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!round) throw notFound('Round');
    return round;
  }

  private async load(manager: EntityManager, id: string): Promise<RoundWithBudgets> {
    const round = await findRoundWithBudgets(manager, id);
    if (!round) throw notFound('Round');
    return round;
  }

  private async replaceBudgets(manager: EntityManager, roundId: string, lines: BudgetLine[]) {
    await manager.delete(RoundBudget, { roundId });
    if (lines.length) {
      await manager.insert(
        RoundBudget,
        lines.map((line) => ({ roundId, ...line })) as Insertable<RoundBudget>[],
      );
    }
  }

  private async view(round: Round & { budgets: RoundBudget[] }): Promise<RoundView> {
    return { round, timeZones: await this.scheduleTimeZones() };
  }

  /**
   * JST, then each distinct US zone of an active partnership (SPEC §5.2: times are shown in both
   * countries' zones). Read on every request: a new partnership shows up at once. A zone the
   * runtime does not know is left out rather than failing every round read.
   */
  private async scheduleTimeZones(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT c.timezone FROM partnerships p JOIN cities c ON c.id = p.us_city_id
        WHERE p.status = 'active' ORDER BY c.timezone`,
    )) as { timezone: string }[];
    const usZones = rows
      .map((r) => r.timezone)
      .filter((zone) => zone !== JAPAN_TIME_ZONE && isKnownTimeZone(zone));
    return [JAPAN_TIME_ZONE, ...usZones];
  }

  /** A duplicate code is a 409, whether seen first or lost in a race with a concurrent create. */
  private async withUniqueCode<T>(code: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error, DUPLICATE_CODE)) {
        throw new AppError('conflict', `A round with code ${code} already exists`);
      }
      throw error;
    }
  }
}

function withBudgets(round: Round): RoundWithBudgets {
  return Object.assign(round, { budgets: round.budgets ?? [] });
}

/** PATCH leaves out what it does not change; an explicit null would erase a required field. */
function rejectNulls(dto: UpdateRoundDto): void {
  const nulls = Object.entries(dto)
    .filter(([, value]) => value === null)
    .map(([field]) => ({ field, message: `${field} cannot be null; leave it out to keep it` }));
  if (nulls.length) {
    throw new AppError('validation_failed', 'The request has invalid fields', nulls);
  }
}
