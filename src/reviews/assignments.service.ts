import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { ApplicationTransition } from '../applications/application-transition.entity';
import { transition } from '../applications/application-transitions';
import { Application } from '../applications/application.entity';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { ChangeLog } from '../audit/change-log.service';
import type { Bilingual } from '../common/bilingual';
import { AppError } from '../common/errors/app-error';
import { KeysetColumn, Page, paginate } from '../common/http/pagination';
import { isUniqueViolation } from '../database/errors';
import type { Insertable } from '../database/insertable';
import { PreparedSelect } from '../database/prepared-select';
import { saveChanges } from '../database/save-changes';
import { Round } from '../rounds/round.entity';
import type { Role } from '../auth/roles';
import { assignmentTransition } from './assignment-transitions';
import { Assignment } from './assignment.entity';
import { AssignmentPlan, planAssignments, PoolReviewer, StaffableApplication } from './auto-assign';
import { conflictOf, conflictWith } from './conflicts';
import type {
  AutoAssignmentReport,
  ListAssignmentsQuery,
  ReviewerCandidate,
} from './dto/assignment.dto';

/** Reviewers are assigned while applications come in and after the deadline, not before or after. */
const STAFFABLE_ROUND = ['open', 'closed'];

const LIST_ORDER: KeysetColumn<Assignment>[] = [
  { expression: 's.assignedAt', value: (s) => s.assignedAt },
  { expression: 's.id', value: (s) => s.id },
];

/** A list item says who reviews what; the review itself only on the single resource. */
const LIST_COLUMNS = [
  'id',
  'applicationId',
  'roundId',
  'reviewerId',
  'status',
  'source',
  'assignedAt',
  'submittedAt',
].map((c) => `s.${c}`);

/**
 * The application's title with each assignment, in the same query: a reviewer's list names what
 * each assignment is for, declined ones included (whose application is out of reach by then).
 */
const withApplicationTitle = (qb: SelectQueryBuilder<Assignment>) =>
  qb.innerJoin('s.application', 'app').addSelect(['app.id', 'app.title']);

interface StaffableRow extends StaffableApplication {
  status: 'submitted' | 'in_review';
  title: Bilingual;
}

interface ReviewerRow {
  id: string;
  role: Role;
  cityId: string | null;
  country: 'JP' | 'US' | null;
  region: string | null;
  affiliations: string[];
  active: boolean;
}

const duplicatePair = () =>
  new AppError('conflict', 'This reviewer is already assigned to this application');

function assertStaffable(round: Pick<Round, 'status'>): void {
  if (!STAFFABLE_ROUND.includes(round.status)) {
    throw new AppError(
      'rule_violation',
      `The round is ${round.status}; reviewers are assigned only while it is open or closed`,
    );
  }
}

const LOCKED_ASSIGNMENT = new PreparedSelect('locked_assignment');

@Injectable()
export class AssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  /**
   * Staffs every submitted (and under-staffed in-review) application of the round, in one
   * transaction. The round row's lock serialises concurrent runs, so the second sees the first's
   * assignments and adds nothing; the applications' locks keep manual assignments and
   * withdrawals from interleaving.
   */
  autoAssign(principal: Principal, roundId: string): Promise<AutoAssignmentReport> {
    return this.dataSource.transaction(async (manager) => {
      const round = await Reach.one(
        manager
          .getRepository(Round)
          .createQueryBuilder('r')
          .where('r.id = :roundId', { roundId })
          .setLock('pessimistic_write'),
        'round',
        'r',
        principal,
        'Round',
      );
      assertStaffable(round);
      const applications = await this.staffableApplications(manager, roundId);
      const reviewers = await this.reviewerPool(manager, roundId);
      const plan = planAssignments(applications, reviewers, round.reviewersPerApplication);

      const now = new Date();
      const staffed = await this.insertPlan(manager, plan, roundId, principal, now);
      const toMove = applications
        .filter((a) => a.status === 'submitted' && staffed.has(a.id))
        .map((a) => ({ id: a.id, to: transition(a, 'assign', principal) }));
      const moved = await this.moveToReview(manager, toMove, principal, now);

      const created = [...staffed.values()].reduce((sum, n) => sum + n, 0);
      const titles = new Map(applications.map((a) => [a.id, a.title]));
      const report: AutoAssignmentReport = {
        created,
        applications: applications.length,
        movedToInReview: moved,
        // Named, so that whoever reads the report knows which applications are short.
        unstaffed: plan.unstaffed.map((u) => ({ ...u, title: titles.get(u.applicationId)! })),
      };
      if (created > 0) {
        // One audit event for the run: per-row events would serialise on the chain lock.
        await this.changeLog.record(manager, {
          actor: principal,
          action: 'round.assignments_created',
          entity: { type: 'round', id: roundId },
          data: {
            created,
            applications: applications.length,
            movedToInReview: moved,
            unstaffed: plan.unstaffed.length,
            reviewersPerApplication: round.reviewersPerApplication,
          },
        });
      }
      return report;
    });
  }

  /** An officer's hand-picked reviewer: refused on a conflict of interest (422). */
  async assign(
    principal: Principal,
    applicationId: string,
    reviewerId: string,
  ): Promise<Assignment> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const application = await Reach.one(
          manager
            .getRepository(Application)
            .createQueryBuilder('a')
            .where('a.id = :applicationId', { applicationId })
            .setLock('pessimistic_write'),
          'application',
          'a',
          principal,
          'Application',
        );
        const from = application.status;
        const to = from === 'in_review' ? from : transition(application, 'assign', principal);
        const round = await manager.findOneByOrFail(Round, { id: application.roundId });
        assertStaffable(round);
        await this.assertMayReview(manager, reviewerId, application);
        const existing = await manager.findOneBy(Assignment, { applicationId, reviewerId });
        if (existing?.status === 'declined') {
          throw new AppError(
            'conflict',
            'This reviewer declined this application; they are not assigned it again',
          );
        }
        if (existing) throw duplicatePair();

        const now = new Date();
        const assignment = await manager.save(
          manager.create(Assignment, {
            applicationId,
            roundId: application.roundId,
            reviewerId,
            status: 'assigned',
            source: 'manual',
            assignedBy: principal.userId,
            assignedAt: now,
          }),
        );
        assignment.application = application;
        if (from !== to) {
          await saveChanges(manager, Application, application, { status: to });
          await manager.insert(ApplicationTransition, {
            applicationId,
            from,
            to,
            action: 'assign',
            actorId: principal.userId,
            message: null,
            at: now,
          } as Insertable<ApplicationTransition>);
        }
        await this.changeLog.record(manager, {
          actor: principal,
          action: 'assignment.created',
          entity: { type: 'assignment', id: assignment.id },
          data: {
            applicationId,
            roundId: application.roundId,
            reviewerId,
            source: 'manual',
            ...(from !== to ? { applicationFrom: from, applicationTo: to } : {}),
          },
        });
        return assignment;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'ux_assignments_pair')) throw duplicatePair();
      throw error;
    }
  }

  /**
   * Every active reviewer as a candidate for assigning this application by hand: the conflict of
   * interest the API would refuse them for, their load in the round and their assignment here (if
   * any). Without conflict first, then the least loaded: the office picks from the top.
   */
  async candidates(principal: Principal, applicationId: string): Promise<ReviewerCandidate[]> {
    const application = await Reach.one(
      this.dataSource
        .getRepository(Application)
        .createQueryBuilder('a')
        .where('a.id = :applicationId', { applicationId }),
      'application',
      'a',
      principal,
      'Application',
    );
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.display_name AS "displayName", u.role, u.city_id AS "cityId", u.country,
              u.region, u.affiliations::text[] AS affiliations,
              (SELECT count(*)::int FROM assignments l
                WHERE l.reviewer_id = u.id AND l.round_id = $2 AND l.status <> 'declined') AS load,
              s.id AS "assignmentId", s.status AS "assignmentStatus",
              jc.region AS "jpRegion", uc.region AS "usRegion"
         FROM users u
         JOIN cities jc ON jc.id = $3
         JOIN cities uc ON uc.id = $4
         LEFT JOIN assignments s ON s.reviewer_id = u.id AND s.application_id = $1
        WHERE u.role = 'reviewer' AND u.active`,
      [application.id, application.roundId, application.jpCityId, application.usCityId],
    )) as (ReviewerRow & {
      displayName: string;
      load: number;
      assignmentId: string | null;
      assignmentStatus: Assignment['status'] | null;
      jpRegion: string;
      usRegion: string;
    })[];
    const candidates = rows.map((row) => ({
      id: row.id,
      displayName: row.displayName,
      country: row.country,
      region: row.region,
      load: row.load,
      conflict: conflictWith(row, {
        ...application,
        jpRegion: row.jpRegion,
        usRegion: row.usRegion,
      }),
      assignment:
        row.assignmentId && row.assignmentStatus
          ? { id: row.assignmentId, status: row.assignmentStatus }
          : null,
    }));
    return candidates.sort(
      (a, b) =>
        Number(a.conflict !== null) - Number(b.conflict !== null) ||
        a.load - b.load ||
        a.displayName.localeCompare(b.displayName) ||
        a.id.localeCompare(b.id),
    );
  }

  /**
   * The reviewer declares a conflict (or cannot review): the slot is freed for the next auto run,
   * and the declined row stays so the pair is never assigned again.
   */
  decline(principal: Principal, id: string, reason: string): Promise<Assignment> {
    return this.dataSource.transaction(async (manager) => {
      const assignment = await this.locked(manager, principal, id);
      await saveChanges(manager, Assignment, assignment, {
        status: assignmentTransition(assignment, 'decline'),
        declineReason: reason,
      });
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'assignment.declined',
        entity: { type: 'assignment', id },
        data: { applicationId: assignment.applicationId, roundId: assignment.roundId, reason },
      });
      return assignment;
    });
  }

  list(principal: Principal, query: ListAssignmentsQuery): Promise<Page<Assignment>> {
    const qb = withApplicationTitle(
      this.dataSource.getRepository(Assignment).createQueryBuilder('s').select(LIST_COLUMNS),
    );
    if (query.roundId) qb.andWhere('s.roundId = :roundId', { roundId: query.roundId });
    if (query.applicationId) {
      qb.andWhere('s.applicationId = :applicationId', { applicationId: query.applicationId });
    }
    if (query.reviewerId)
      qb.andWhere('s.reviewerId = :reviewerId', { reviewerId: query.reviewerId });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    Reach.scope(qb, 'assignment', 's', principal);
    return paginate(qb, query, LIST_ORDER, 'DESC');
  }

  /** One assignment with its review: a reviewer only ever gets their own (else 404). */
  get(principal: Principal, id: string): Promise<Assignment> {
    return Reach.one(
      withApplicationTitle(this.dataSource.getRepository(Assignment).createQueryBuilder('s')).where(
        's.id = :id',
        { id },
      ),
      'assignment',
      's',
      principal,
      'Assignment',
    );
  }

  /**
   * The assignment within the caller's reach, locked until the transaction ends (else 404): every
   * review action starts here, so its SQL is written once per reach variant.
   */
  locked(manager: EntityManager, principal: Principal, id: string): Promise<Assignment> {
    // The assignment's row only: its application is read (for its title), not locked.
    const qb = withApplicationTitle(manager.getRepository(Assignment).createQueryBuilder('s'))
      .where('s.id = :id', { id })
      .setLock('pessimistic_write', undefined, ['s']);
    return Reach.one(qb, 'assignment', 's', principal, 'Assignment', LOCKED_ASSIGNMENT);
  }

  private async assertMayReview(
    manager: EntityManager,
    reviewerId: string,
    application: Application,
  ): Promise<void> {
    const [reviewer] = (await manager.query(
      `SELECT id, role, city_id AS "cityId", country, region, affiliations::text[] AS affiliations,
              active
         FROM users WHERE id = $1`,
      [reviewerId],
    )) as ReviewerRow[];
    if (!reviewer || reviewer.role !== 'reviewer' || !reviewer.active) {
      throw new AppError('rule_violation', 'Only an active reviewer can be assigned', [
        { field: 'reviewerId', message: 'not an active reviewer' },
      ]);
    }
    const [cities] = (await manager.query(
      `SELECT jc.region AS "jpRegion", uc.region AS "usRegion"
         FROM cities jc, cities uc WHERE jc.id = $1 AND uc.id = $2`,
      [application.jpCityId, application.usCityId],
    )) as { jpRegion: string; usRegion: string }[];
    const conflict = conflictOf(reviewer, { ...application, ...cities });
    if (conflict) {
      throw new AppError('rule_violation', `Conflict of interest: the reviewer is ${conflict}`, [
        { field: 'reviewerId', message: `conflict of interest: ${conflict}` },
      ]);
    }
  }

  /**
   * The round's submitted and in-review applications, locked, with their cities' regions and who
   * is on them (declined apart): one query.
   */
  private async staffableApplications(
    manager: EntityManager,
    roundId: string,
  ): Promise<StaffableRow[]> {
    return (await manager.query(
      `SELECT a.id, a.status, a.title, a.jp_city_id AS "jpCityId", a.us_city_id AS "usCityId",
              jc.region AS "jpRegion", uc.region AS "usRegion",
              COALESCE(array_agg(s.reviewer_id::text) FILTER (WHERE s.status <> 'declined'), '{}')
                AS "reviewerIds",
              COALESCE(array_agg(s.reviewer_id::text) FILTER (WHERE s.status = 'declined'), '{}')
                AS "declinedReviewerIds"
         FROM applications a
         JOIN cities jc ON jc.id = a.jp_city_id
         JOIN cities uc ON uc.id = a.us_city_id
         LEFT JOIN assignments s ON s.application_id = a.id
        WHERE a.id IN (SELECT id FROM applications
                        WHERE round_id = $1 AND status IN ('submitted', 'in_review')
                          FOR UPDATE)
        GROUP BY a.id, jc.region, uc.region`,
      [roundId],
    )) as StaffableRow[];
  }

  /** Every active reviewer with the assignments they already carry in this round: one query. */
  private async reviewerPool(manager: EntityManager, roundId: string): Promise<PoolReviewer[]> {
    return (await manager.query(
      `SELECT u.id, u.role, u.city_id AS "cityId", u.country, u.region,
              u.affiliations::text[] AS affiliations, count(s.id)::int AS load
         FROM users u
         LEFT JOIN assignments s
           ON s.reviewer_id = u.id AND s.round_id = $1 AND s.status <> 'declined'
        WHERE u.role = 'reviewer' AND u.active
        GROUP BY u.id`,
      [roundId],
    )) as PoolReviewer[];
  }

  /** One INSERT for the whole plan; returns how many assignments each application received. */
  private async insertPlan(
    manager: EntityManager,
    plan: AssignmentPlan,
    roundId: string,
    principal: Principal,
    now: Date,
  ): Promise<Map<string, number>> {
    const staffed = new Map<string, number>();
    if (plan.assignments.length === 0) return staffed;
    const rows = (await manager.query(
      `INSERT INTO assignments
         (application_id, round_id, reviewer_id, status, source, assigned_by, assigned_at,
          version, updated_at)
       SELECT t.application_id, $3, t.reviewer_id, 'assigned', 'auto', $4, $5, 1, $5
         FROM unnest($1::uuid[], $2::uuid[]) AS t(application_id, reviewer_id)
       ON CONFLICT (application_id, reviewer_id) DO NOTHING
       RETURNING application_id AS "applicationId"`,
      [
        plan.assignments.map((a) => a.applicationId),
        plan.assignments.map((a) => a.reviewerId),
        roundId,
        principal.userId,
        now,
      ],
    )) as { applicationId: string }[];
    for (const { applicationId } of rows) {
      staffed.set(applicationId, (staffed.get(applicationId) ?? 0) + 1);
    }
    return staffed;
  }

  /** submitted → in_review for the newly staffed applications, with their history rows. */
  private async moveToReview(
    manager: EntityManager,
    applications: { id: string; to: string }[],
    principal: Principal,
    now: Date,
  ): Promise<number> {
    if (applications.length === 0) return 0;
    const moved = (await manager.query(
      `UPDATE applications a
          SET status = t.next_status, version = a.version + 1, updated_at = $3
         FROM unnest($1::uuid[], $2::varchar[]) AS t(id, next_status)
        WHERE a.id = t.id AND a.status = 'submitted'
       RETURNING a.id, t.next_status AS "to"`,
      [applications.map((a) => a.id), applications.map((a) => a.to), now],
    )) as [{ id: string; to: string }[], number]; // UPDATE answers [rows, rowCount]
    const rows = moved[0];
    if (rows.length) {
      await manager.query(
        `INSERT INTO application_transitions (application_id, "from", "to", action, actor_id, at)
         SELECT t.id, 'submitted', t.next_status, 'assign', $3, $4
           FROM unnest($1::uuid[], $2::varchar[]) AS t(id, next_status)`,
        [rows.map((r) => r.id), rows.map((r) => r.to), principal.userId, now],
      );
    }
    return rows.length;
  }
}
