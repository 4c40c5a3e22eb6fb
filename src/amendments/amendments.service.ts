import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Side } from '../applications/application.entity';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { ChangeLog } from '../audit/change-log.service';
import { Award } from '../awards/award.entity';
import { toBilingual } from '../common/bilingual.dto';
import { AppError, notFound } from '../common/errors/app-error';
import { assertVersion } from '../common/http/etag';
import { Page, PageQuery, paginate } from '../common/http/pagination';
import { isUniqueViolation } from '../database/errors';
import type { Insertable } from '../database/insertable';
import { saveChanges } from '../database/save-changes';
import { Round } from '../rounds/round.entity';
import { Settlement } from '../settlements/settlement.entity';
import { displayNames } from '../users/display-names';
import {
  amendTerms,
  budgetMoveNeedsApproval,
  changesShapeErrors,
  type Terms,
} from './amendment-rules';
import { type AmendmentAction, amendmentTransition } from './amendment-transitions';
import { recordAmendment } from './amendment-events';
import { type AmendmentChanges, AwardAmendment } from './award-amendment.entity';
import { currentTerms } from './award-terms';
import { AwardVersion } from './award-version.entity';
import type { AmendmentChangesDto, CreateAmendmentDto } from './dto/amendment.dto';
import { moveReportDueDates, type MovedReport } from './report-due-dates';
import { currentManager, transaction } from '../database/transaction';

const ONE_OPEN_REQUEST = 'ux_award_amendments_open';
const OPEN_REQUEST_DETAIL =
  'This award already has an amendment request waiting for a decision; ' +
  'withdraw it or wait for the decision before requesting another';

/** The UTC calendar day (SPEC §3: dates are UTC). */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Amendments of an approved award (変更承認, issue 17): the award's cities request a budget move,
 * a no-cost extension or a change of dates or scope; a budget move within the round's share is
 * recorded at once, anything else waits for the program office. Every amendment in force writes
 * the award's next version (the history is the versions) in the transaction that holds the
 * award's row lock, so versions are written one at a time.
 */
@Injectable()
export class AmendmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  /** Who requested and who decided `amendments`, by user id: one query for any number. */
  namesOf(amendments: readonly AwardAmendment[]): Promise<Map<string, string>> {
    return displayNames(
      currentManager(this.dataSource),
      amendments.flatMap((a) => [a.requestedBy, a.decidedBy]),
    );
  }

  async request(
    actor: Principal,
    awardId: string,
    dto: CreateAmendmentDto,
  ): Promise<AwardAmendment> {
    const changes = toChanges(dto.changes);
    const shapeErrors = changesShapeErrors(dto.kind, changes);
    if (shapeErrors.length) {
      throw new AppError(
        'validation_failed',
        `The changes do not fit a ${dto.kind} amendment`,
        shapeErrors,
      );
    }
    try {
      return await transaction(this.dataSource, async (manager) => {
        const award = await lockAward(manager, actor, awardId);
        assertActive(award);
        const now = new Date();
        const terms = await currentTerms(manager, award);
        const round = await manager.findOneByOrFail(Round, { id: award.roundId });
        const next = amendTerms(terms, dto.kind, changes, utcDay(now));
        if (dto.kind === 'budget_move') {
          await assertSidesUnsettled(manager, awardId, changes.moves!);
        }
        const recorded =
          dto.kind === 'budget_move' &&
          !budgetMoveNeedsApproval(changes.moves!, terms.amounts, round.amendmentApprovalPercent);
        // One request waits at a time; a move within the share is in force at once all the same.
        if (
          !recorded &&
          (await manager.existsBy(AwardAmendment, { awardId, status: 'requested' }))
        ) {
          throw new AppError('invalid_state', OPEN_REQUEST_DETAIL);
        }
        const amendment = await manager.save(
          manager.create(AwardAmendment, {
            id: randomUUID(),
            awardId,
            kind: dto.kind,
            status: recorded ? 'recorded' : 'requested',
            changes,
            reason: toBilingual(dto.reason),
            baseVersion: award.currentVersion,
            resultingVersion: recorded ? award.currentVersion + 1 : null,
            requestedBy: actor.userId,
            decidedBy: null,
            decidedAt: recorded ? now : null,
            decisionNote: null,
          }),
        );
        let movedReports: MovedReport[] = [];
        if (recorded) {
          const version = await this.writeVersion(manager, actor, award, terms, next, amendment);
          movedReports = version.movedReports;
        }
        await recordAmendment(
          manager,
          this.changeLog,
          actor,
          amendment,
          recorded ? 'amendment.recorded' : 'amendment.requested',
          {
            approvalPercent: round.amendmentApprovalPercent,
            movedReports,
          },
        );
        return amendment;
      });
    } catch (error) {
      // Behind the award's lock the check above answers first; a writer bypassing it gets the same.
      if (isUniqueViolation(error, ONE_OPEN_REQUEST)) {
        throw new AppError('invalid_state', OPEN_REQUEST_DETAIL);
      }
      throw error;
    }
  }

  /**
   * Approves a requested amendment: the award's next version, against the terms in force now. A
   * request made against an older version (a budget move was recorded since) is judged again on
   * the current terms; 422 when it no longer holds.
   */
  async approve(
    actor: Principal,
    id: string,
    note: string | undefined,
    expectedVersion: number | undefined,
  ): Promise<AwardAmendment> {
    return transaction(this.dataSource, async (manager) => {
      const { award, amendment } = await this.lock(manager, actor, id, 'approve', expectedVersion);
      assertActive(award);
      const now = new Date();
      const terms = await currentTerms(manager, award);
      const next = rejudged(award, amendment, () =>
        amendTerms(terms, amendment.kind, amendment.changes, utcDay(now)),
      );
      if (amendment.kind === 'budget_move') {
        await assertSidesUnsettled(manager, award.id, amendment.changes.moves ?? []);
      }
      const version = await this.writeVersion(manager, actor, award, terms, next, amendment);
      await saveChanges(manager, AwardAmendment, amendment, {
        status: 'approved',
        resultingVersion: version.version,
        decidedBy: actor.userId,
        decidedAt: now,
        decisionNote: note ?? null,
      });
      await recordAmendment(manager, this.changeLog, actor, amendment, 'amendment.approved', {
        movedReports: version.movedReports,
      });
      return amendment;
    });
  }

  decline(
    actor: Principal,
    id: string,
    note: string,
    expectedVersion: number | undefined,
  ): Promise<AwardAmendment> {
    return this.close(actor, id, 'decline', note, expectedVersion);
  }

  withdraw(
    actor: Principal,
    id: string,
    expectedVersion: number | undefined,
  ): Promise<AwardAmendment> {
    return this.close(actor, id, 'withdraw', null, expectedVersion);
  }

  /** The award's amendments, newest first. */
  async list(
    principal: Principal,
    awardId: string,
    query: PageQuery,
  ): Promise<Page<AwardAmendment>> {
    await reachableAward(this.dataSource.manager, principal, awardId);
    const qb = this.dataSource.getRepository(AwardAmendment).createQueryBuilder('am');
    return paginate(
      qb,
      query,
      [
        { expression: 'am.createdAt', value: (a) => a.createdAt },
        { expression: 'am.id', value: (a) => a.id },
      ],
      'DESC',
      [{ expression: 'am.awardId', value: awardId }],
    );
  }

  async get(principal: Principal, id: string): Promise<AwardAmendment> {
    return reachableAmendment(this.dataSource.manager, principal, id);
  }

  /** The award's versions, oldest first (version 1 written here for an award older than them). */
  async versions(
    principal: Principal,
    awardId: string,
    query: PageQuery,
  ): Promise<{ page: Page<AwardVersion>; currentVersion: number }> {
    const award = await reachableAward(this.dataSource.manager, principal, awardId);
    await this.ensureFirstVersion(award);
    const qb = this.dataSource.getRepository(AwardVersion).createQueryBuilder('v');
    const page = await paginate(
      qb,
      query,
      [{ expression: 'v.version', value: (v) => v.version }],
      'ASC',
      [{ expression: 'v.awardId', value: awardId }],
    );
    return { page, currentVersion: award.currentVersion };
  }

  async version(
    principal: Principal,
    awardId: string,
    version: number,
  ): Promise<{ version: AwardVersion; currentVersion: number }> {
    const award = await reachableAward(this.dataSource.manager, principal, awardId);
    await this.ensureFirstVersion(award);
    const found = await this.dataSource.manager.findOneBy(AwardVersion, { awardId, version });
    if (!found) throw notFound('Award version');
    return { version: found, currentVersion: award.currentVersion };
  }

  private ensureFirstVersion(award: Award): Promise<AwardVersion> {
    return this.dataSource.transaction((manager) => currentTerms(manager, award));
  }

  /** Declines or withdraws a requested amendment: no version is made. */
  private close(
    actor: Principal,
    id: string,
    action: 'decline' | 'withdraw',
    note: string | null,
    expectedVersion: number | undefined,
  ): Promise<AwardAmendment> {
    return transaction(this.dataSource, async (manager) => {
      const { amendment, transition } = await this.lock(
        manager,
        actor,
        id,
        action,
        expectedVersion,
      );
      await saveChanges(manager, AwardAmendment, amendment, {
        status: transition.to,
        decidedBy: actor.userId,
        decidedAt: new Date(),
        decisionNote: note,
      });
      await recordAmendment(manager, this.changeLog, actor, amendment, transition.event);
      return amendment;
    });
  }

  /**
   * The amendment within the caller's reach and its award, both locked (the award first, as
   * every writer of versions takes it), checked against `If-Match` and the state machine.
   */
  private async lock(
    manager: EntityManager,
    actor: Principal,
    id: string,
    action: AmendmentAction,
    expectedVersion: number | undefined,
  ) {
    const seen = await reachableAmendment(manager, actor, id);
    const award = await lockAward(manager, actor, seen.awardId);
    const amendment = await manager
      .getRepository(AwardAmendment)
      .createQueryBuilder('am')
      .where('am.id = :id', { id })
      .setLock('pessimistic_write')
      .getOneOrFail();
    const transition = amendmentTransition(amendment, action, actor.role);
    assertVersion(amendment, expectedVersion);
    return { award, amendment, transition };
  }

  /**
   * Writes the award's next version with `next` terms, moves the award on to it and, when the
   * report due dates changed, the due dates of its reports not yet accepted.
   */
  private async writeVersion(
    manager: EntityManager,
    actor: Principal,
    award: Award,
    current: Terms,
    next: Terms,
    amendment: AwardAmendment,
  ): Promise<{ version: number; movedReports: MovedReport[] }> {
    const version = award.currentVersion + 1;
    await manager.insert(AwardVersion, {
      awardId: award.id,
      version,
      amendmentId: amendment.id,
      ...next,
      createdBy: actor.userId,
    } as Insertable<AwardVersion>);
    await manager.update(Award, { id: award.id }, { currentVersion: version });
    award.currentVersion = version;
    const movedReports =
      JSON.stringify(current.reportsRequired) === JSON.stringify(next.reportsRequired)
        ? []
        : await moveReportDueDates(manager, award.id, next.reportsRequired, utcDay(new Date()));
    return { version, movedReports };
  }
}

/** The award within reach (404 otherwise), unlocked. */
function reachableAward(manager: EntityManager, principal: Principal, id: string): Promise<Award> {
  return Reach.one(
    manager.getRepository(Award).createQueryBuilder('a').where('a.id = :id', { id }),
    'award',
    'a',
    principal,
    'Award',
  );
}

/** The award within reach, locked for this transaction (the lock every version writer takes). */
function lockAward(manager: EntityManager, principal: Principal, id: string): Promise<Award> {
  return Reach.one(
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
}

/** An amendment is within reach when its award is (404 `Amendment not found` otherwise). */
export function reachableAmendment(
  manager: EntityManager,
  principal: Principal,
  id: string,
): Promise<AwardAmendment> {
  return Reach.one(
    manager
      .getRepository(AwardAmendment)
      .createQueryBuilder('am')
      .innerJoin('am.award', 'aw')
      .where('am.id = :id', { id }),
    'award',
    'aw',
    principal,
    'Amendment',
  );
}

function assertActive(award: Award): void {
  if (award.status !== 'active') {
    throw new AppError('invalid_state', `The award is ${award.status}; it takes no amendment`);
  }
}

/** A side whose settlement is confirmed (額の確定) has its budget fixed: no more moves. */
async function assertSidesUnsettled(
  manager: EntityManager,
  awardId: string,
  moves: readonly { side: Side }[],
): Promise<void> {
  const sides = [...new Set(moves.map((m) => m.side))];
  if (!sides.length) return;
  const settled = await manager.findOne(Settlement, {
    where: { awardId, side: In(sides), status: 'confirmed' },
    select: { id: true, side: true },
  });
  if (settled) {
    throw new AppError(
      'rule_violation',
      `The ${settled.side} side’s settlement is confirmed; its budget can no longer move`,
    );
  }
}

/**
 * Runs the rules again on the terms in force. A request made against an older version is refused
 * with what changed; one made against the current version is judged as any other.
 */
function rejudged(award: Award, amendment: AwardAmendment, judge: () => Terms): Terms {
  try {
    return judge();
  } catch (error) {
    if (
      error instanceof AppError &&
      error.code === 'rule_violation' &&
      award.currentVersion !== amendment.baseVersion
    ) {
      throw new AppError(
        'rule_violation',
        `The award moved on from version ${amendment.baseVersion} to ${award.currentVersion} ` +
          `since the request, which no longer holds: ${error.detail}`,
      );
    }
    throw error;
  }
}

/** The plain changes to store: only the fields given, in their stored shape. */
function toChanges(dto: AmendmentChangesDto): AmendmentChanges {
  return {
    ...(dto.moves
      ? {
          moves: dto.moves.map(({ side, currency, fromCategory, toCategory, amountMinor }) => ({
            side,
            currency,
            fromCategory,
            toCategory,
            amountMinor,
          })),
        }
      : {}),
    ...(dto.startsOn !== undefined ? { startsOn: dto.startsOn } : {}),
    ...(dto.endsOn !== undefined ? { endsOn: dto.endsOn } : {}),
    ...(dto.reportsRequired
      ? { reportsRequired: dto.reportsRequired.map(({ kind, dueOn }) => ({ kind, dueOn })) }
      : {}),
    ...(dto.scope ? { scope: toBilingual(dto.scope) } : {}),
  };
}
