import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { ChangeLog } from '../audit/change-log.service';
import { toBilingual } from '../common/bilingual.dto';
import { canonicalJson } from '../common/canonical-json';
import { AppError } from '../common/errors/app-error';
import { assertVersion } from '../common/http/etag';
import { KeysetColumn, keyset, Page, pageOf, PinnedColumn } from '../common/http/pagination';
import { isUniqueViolation } from '../database/errors';
import type { Insertable } from '../database/insertable';
import { PreparedSelect } from '../database/prepared-select';
import { saveChanges } from '../database/save-changes';
import { transaction } from '../database/transaction';
import { City } from '../partnerships/city.entity';
import { Partnership } from '../partnerships/partnership.entity';
import { Round } from '../rounds/round.entity';
import { findRoundWithBudgets } from '../rounds/round-with-budgets';
import { ApplicationSignature } from './application-signature.entity';
import { Document } from '../documents/document.entity';
import {
  ApplicationSignedVersion,
  type SignedContent,
  type SignedDocument,
} from './application-signed-version.entity';
import { ApplicationTransition } from './application-transition.entity';
import { type ApplicationAction, transition } from './application-transitions';
import { Application, type ApplicationStatus, type BudgetLine } from './application.entity';
import type {
  BudgetLineDto,
  CreateApplicationDto,
  ListApplicationsQuery,
  ReturnApplicationDto,
  SignApplicationDto,
  UpdateApplicationDto,
} from './dto/application.dto';
import { fundableRequest, requestedAmounts } from './requested-amounts';

/** An application with what its responses show beside it. */
export interface ApplicationView {
  application: Application;
  signatures: ApplicationSignature[];
  closesAt: Date;
  /** The US city's zone; the deadline is shown in JST and in it. */
  usTimeZone: string;
}

/**
 * What both cities sign: everything the application asks for, nothing about its workflow — its
 * fields and its attachments. `documents` only when there are any (see SignedContent).
 */
const signedContentOf = (a: Application, documents: SignedDocument[]): SignedContent => ({
  roundId: a.roundId,
  partnershipId: a.partnershipId,
  title: a.title,
  summary: a.summary,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  budgetLines: a.budgetLines,
  ...(documents.length ? { documents } : {}),
});

/** The application's attachments as its signatures cover them, in their canonical order. */
async function signedDocumentsOf(
  manager: EntityManager,
  applicationId: string,
): Promise<SignedDocument[]> {
  const rows = await manager.find(Document, {
    where: { ownerType: 'application', ownerId: applicationId },
    select: { sha256: true, kind: true, fileName: true },
  });
  // By SHA-256; kind and name break the tie of the same bytes attached twice.
  const key = (d: SignedDocument) => `${d.sha256}\u0000${d.kind}\u0000${d.fileName}`;
  return rows
    .map(({ sha256, kind, fileName }) => ({ sha256, kind, fileName }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** SHA-256 of the canonical JSON: the same content always hashes the same, whatever key order. */
export const contentHashOf = (content: SignedContent) =>
  createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');

/** Newest first; the id breaks ties. Every list index ends in (created_at, id). */
/** The list's equality filters in the order of the index that answers them (see `paginate`). */
/**
 * The filters a list pins, leading its index (round, status, partnership: see `keyset`); the
 * filters not pinned are applied as plain conditions.
 */
function pinnedByFilters(query: ListApplicationsQuery): PinnedColumn[] {
  if (query.roundId) {
    const round = { expression: 'a.roundId', value: query.roundId };
    return query.status ? [round, { expression: 'a.status', value: query.status }] : [round];
  }
  if (query.status) return [{ expression: 'a.status', value: query.status }];
  if (query.partnershipId) return [{ expression: 'a.partnershipId', value: query.partnershipId }];
  return [];
}

const APPLICATION_BY_ID = new PreparedSelect('application_by_id');

/**
 * `GET /applications/:id` as one row: the application's columns under their property names (a
 * date as its `YYYY-MM-DD` text), its signatures as one JSON array, oldest first (a timestamp in
 * JSON is text), the round's deadline and the US city's zone.
 */
const BY_ID_COLUMNS = [
  'a.id AS id',
  'a.round_id AS "roundId"',
  'a.partnership_id AS "partnershipId"',
  'a.jp_city_id AS "jpCityId"',
  'a.us_city_id AS "usCityId"',
  'a.status AS status',
  'a.title AS title',
  'a.summary AS summary',
  'a.starts_on::text AS "startsOn"',
  'a.ends_on::text AS "endsOn"',
  'a.budget_lines AS "budgetLines"',
  'a.content_hash AS "contentHash"',
  'a.created_by AS "createdBy"',
  'a.submitted_at AS "submittedAt"',
  'a.version AS version',
  'a.created_at AS "createdAt"',
  'a.updated_at AS "updatedAt"',
  `(SELECT json_agg(json_build_object('id', s.id, 'applicationId', s.application_id,
      'side', s.side, 'cityId', s.city_id, 'userId', s.user_id, 'contentHash', s.content_hash,
      'signedAt', s.signed_at) ORDER BY s.signed_at)
    FROM application_signatures s WHERE s.application_id = a.id) AS signatures`,
  'r.closes_at AS "closesAt"',
  'us.timezone AS "usTimeZone"',
];

type SignatureRow = Omit<ApplicationSignature, 'application' | 'signedAt'> & { signedAt: string };

interface ApplicationRow extends Omit<Application, 'round' | 'partnership' | 'signatures'> {
  signatures: SignatureRow[] | null;
  closesAt: Date;
  usTimeZone: string;
}

const APPLICATIONS = new PreparedSelect('applications_page');
const PARTNERSHIP = new PreparedSelect('application_partnership');

/**
 * A new application and its first transition (its history's start), in one round trip: the
 * hottest write, so its SQL is written here rather than by TypeORM's insert builder for each
 * request (the columns are the entity's; the database fills in the id and timestamps).
 */
const INSERT_APPLICATION = `
  WITH application AS (
    INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
                              summary, starts_on, ends_on, budget_lines, content_hash, created_by,
                              submitted_at, version)
    VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10::jsonb, $11, $12, NULL, 1)
    RETURNING id, version, created_at, updated_at),
  first_transition AS (
    INSERT INTO application_transitions (application_id, "from", "to", action, actor_id, at)
    SELECT id, NULL, $5, 'create', $12, $13 FROM application)
  SELECT id, version, created_at AS "createdAt", updated_at AS "updatedAt" FROM application`;

/** Every status change of an application, one row each (its history). */
const INSERT_TRANSITION = `
  INSERT INTO application_transitions (application_id, "from", "to", action, actor_id, message, at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`;

/** What a list item shows of an application (ApplicationListItem): no budget lines, no summary. */
export type ApplicationSummary = Pick<
  Application,
  | 'id'
  | 'roundId'
  | 'partnershipId'
  | 'jpCityId'
  | 'usCityId'
  | 'status'
  | 'title'
  | 'contentHash'
  | 'submittedAt'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
>;

const LIST_ORDER: KeysetColumn<ApplicationSummary>[] = [
  { expression: 'a.createdAt', value: (a) => a.createdAt },
  { expression: 'a.id', value: (a) => a.id },
];

/** A list page's rows are its summaries as they come (no entities): each field under its name. */
const LIST_COLUMNS = Object.keys({
  id: true,
  roundId: true,
  partnershipId: true,
  jpCityId: true,
  usCityId: true,
  status: true,
  title: true,
  contentHash: true,
  submittedAt: true,
  createdAt: true,
  updatedAt: true,
  version: true,
} satisfies Record<keyof ApplicationSummary, true>).map((field) => `a.${field} AS "${field}"`);

const toBudgetLines = (lines: BudgetLineDto[]): BudgetLine[] =>
  lines.map(({ side, category, description, amountMinor, currency }) => ({
    side,
    category,
    description,
    amountMinor,
    currency,
  }));

function assertPeriod(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn) {
    throw new AppError('validation_failed', 'The project cannot end before it starts', [
      { field: 'endsOn', message: `endsOn ${endsOn} is before startsOn ${startsOn}` },
    ]);
  }
}

const liveConflict = () =>
  new AppError(
    'conflict',
    'This partnership already has an application in this round; withdraw it to start another',
  );

@Injectable()
export class ApplicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  async create(principal: Principal, dto: CreateApplicationDto): Promise<ApplicationView> {
    assertPeriod(dto.startsOn, dto.endsOn);
    try {
      return await transaction(this.dataSource, async (manager) => {
        const partnership = await this.partnershipOf(manager, principal, dto.partnershipId);
        if (partnership.status !== 'active') {
          throw new AppError('rule_violation', 'The partnership is inactive; it cannot apply');
        }
        const round = await this.roundOf(manager, dto.roundId);
        const now = new Date();
        assertAcceptingApplications(round, now);
        const content: SignedContent = {
          roundId: round.id,
          partnershipId: partnership.id,
          title: toBilingual(dto.title),
          summary: toBilingual(dto.summary),
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          budgetLines: toBudgetLines(dto.budgetLines),
        };
        const requested = fundableRequest(content.budgetLines, round.budgets ?? []);
        // One live application per partnership and round: the partial unique index
        // ux_applications_live refuses a second (caught below), races included.
        const application = manager.create(Application, {
          ...content,
          jpCityId: partnership.jpCityId,
          usCityId: partnership.usCityId,
          status: 'draft',
          contentHash: contentHashOf(content),
          createdBy: principal.userId,
          submittedAt: null,
        });
        const [inserted] = (await manager.query(INSERT_APPLICATION, [
          application.roundId,
          application.partnershipId,
          application.jpCityId,
          application.usCityId,
          application.status,
          JSON.stringify(application.title),
          JSON.stringify(application.summary),
          application.startsOn,
          application.endsOn,
          JSON.stringify(application.budgetLines),
          application.contentHash,
          application.createdBy,
          now,
        ])) as Pick<Application, 'id' | 'version' | 'createdAt' | 'updatedAt'>[];
        Object.assign(application, inserted);
        await this.changeLog.record(manager, {
          actor: principal,
          action: 'application.created',
          entity: { type: 'application', id: application.id },
          data: {
            roundId: round.id,
            partnershipId: partnership.id,
            contentHash: application.contentHash,
            requested,
          },
        });
        return {
          application,
          signatures: [],
          closesAt: round.closesAt,
          usTimeZone: partnership.usCity!.timezone,
        };
      });
    } catch (error) {
      // The partial unique index decides a race between two first applications.
      if (isUniqueViolation(error, 'ux_applications_live')) throw liveConflict();
      throw error;
    }
  }

  /** Any edit changes what was signed, so it drops every signature (SPEC §5.3). */
  update(
    principal: Principal,
    id: string,
    dto: UpdateApplicationDto,
    expectedVersion: number | undefined,
  ): Promise<ApplicationView> {
    return this.dataSource.transaction(async (manager) => {
      const application = await this.locked(manager, principal, id);
      assertVersion(application, expectedVersion);
      const from = application.status;
      const to = transition(application, 'edit', principal);
      const content: SignedContent = {
        roundId: application.roundId,
        partnershipId: application.partnershipId,
        title: dto.title ? toBilingual(dto.title) : application.title,
        summary: dto.summary ? toBilingual(dto.summary) : application.summary,
        startsOn: dto.startsOn ?? application.startsOn,
        endsOn: dto.endsOn ?? application.endsOn,
        budgetLines: dto.budgetLines ? toBudgetLines(dto.budgetLines) : application.budgetLines,
      };
      assertPeriod(content.startsOn, content.endsOn);
      const round = await this.roundOf(manager, application.roundId);
      const requested = fundableRequest(content.budgetLines, round.budgets ?? []);

      Object.assign(application, content);
      const fields = Object.keys(dto).filter(
        (k) => dto[k as keyof UpdateApplicationDto] !== undefined,
      );
      await this.edited(manager, principal, application, from, to, fields, { requested });
      return this.viewOf(manager, application, []);
    });
  }

  /**
   * An edit of what the signatures cover made elsewhere than PATCH: an attachment added or
   * removed (src/documents). Inside the caller's transaction: locks the application (404 outside
   * reach), allows it as PATCH does (a city user, while draft or awaiting_cosign; else 403 / 409),
   * runs `change`, then drops every signature and recomputes the content hash, as PATCH does.
   */
  async editContent<T>(
    manager: EntityManager,
    principal: Principal,
    id: string,
    field: string,
    change: (application: Application) => Promise<T>,
  ): Promise<{ application: Application; result: T; signaturesDropped: number }> {
    const application = await this.locked(manager, principal, id);
    const from = application.status;
    const to = transition(application, 'edit', principal);
    const result = await change(application);
    const signaturesDropped = await this.edited(manager, principal, application, from, to, [field]);
    return { application, result, signaturesDropped };
  }

  /**
   * The end of every edit (SPEC §5.3): the signatures dropped, the content hash of the content
   * now (fields and attachments), the status `to`, the transition and the audit event.
   */
  private async edited(
    manager: EntityManager,
    principal: Principal,
    application: Application,
    from: ApplicationStatus,
    to: ApplicationStatus,
    fields: string[],
    data: Record<string, unknown> = {},
  ): Promise<number> {
    const id = application.id;
    const dropped = (await manager.delete(ApplicationSignature, { applicationId: id })).affected;
    const content = signedContentOf(application, await signedDocumentsOf(manager, id));
    // The signed fields as they now stand (PATCH assigned its changes to the entity).
    const { title, summary, startsOn, endsOn, budgetLines } = application;
    await saveChanges(manager, Application, application, {
      ...{ title, summary, startsOn, endsOn, budgetLines },
      status: to,
      contentHash: contentHashOf(content),
    });
    if (from !== to) {
      await this.recordTransition(manager, application, from, 'edit', principal, new Date());
    }
    await this.changeLog.record(manager, {
      actor: principal,
      action: 'application.updated',
      entity: { type: 'application', id },
      data: {
        fields,
        contentHash: application.contentHash,
        ...data,
        signaturesDropped: dropped ?? 0,
        ...(from !== to ? { from, to } : {}),
      },
    });
    return dropped ?? 0;
  }

  /**
   * One city's signature on the content its user read. The first moves the draft to
   * awaiting_cosign and asks the other city; the second, on the same hash, submits it.
   */
  async sign(principal: Principal, id: string, dto: SignApplicationDto): Promise<ApplicationView> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const application = await this.locked(manager, principal, id);
        // Read after the lock, so a concurrent signer's committed signature is seen.
        const signatures = await manager.find(ApplicationSignature, {
          where: { applicationId: id },
          order: { signedAt: 'ASC' },
        });
        const from = application.status;
        const action: ApplicationAction = signatures.length ? 'sign_second' : 'sign_first';
        const to = transition(application, action, principal);
        const round = await this.roundOf(manager, application.roundId);
        const now = new Date();
        if (now.getTime() >= round.closesAt.getTime()) {
          throw new AppError(
            'rule_violation',
            `The round closed at ${round.closesAt.toISOString()}; it no longer accepts signatures`,
          );
        }
        if (round.status !== 'open') {
          throw new AppError('rule_violation', `The round is ${round.status}, not open`);
        }
        if (dto.contentHash !== application.contentHash) throw changedSinceRead(application);
        // Reach admits only a user of one of the two cities.
        const side = principal.cityId === application.jpCityId ? 'JP' : 'US';
        if (signatures.some((s) => s.side === side)) {
          throw new AppError('invalid_state', `The ${side} side already signed this application`);
        }
        if (signatures.some((s) => s.contentHash !== application.contentHash)) {
          throw changedSinceRead(application);
        }
        const signature = manager.create(ApplicationSignature, {
          applicationId: id,
          side,
          cityId: principal.cityId!,
          userId: principal.userId,
          contentHash: application.contentHash,
          signedAt: now,
        });
        await manager.insert(ApplicationSignature, signature as Insertable<ApplicationSignature>);
        await manager.insert(ApplicationSignedVersion, {
          applicationId: id,
          side,
          cityId: signature.cityId,
          userId: signature.userId,
          contentHash: signature.contentHash,
          content: signedContentOf(application, await signedDocumentsOf(manager, id)),
          signedAt: now,
        } as Insertable<ApplicationSignedVersion>);
        await saveChanges(manager, Application, application, {
          status: to,
          ...(to === 'submitted' ? { submittedAt: now } : {}),
        });
        await this.recordTransition(manager, application, from, action, principal, now);

        const base = { applicationId: id, roundId: application.roundId };
        const partnershipId = application.partnershipId;
        if (to === 'submitted') {
          const requested = requestedAmounts(application.budgetLines);
          await this.changeLog.record(manager, {
            actor: principal,
            action: 'application.submitted',
            entity: { type: 'application', id },
            data: { side, contentHash: application.contentHash, requested },
            event: {
              type: 'application.submitted',
              payload: { ...base, partnershipId, submittedAt: now.toISOString(), requested },
            },
          });
        } else {
          const awaitingSide = side === 'JP' ? 'US' : 'JP';
          await this.changeLog.record(manager, {
            actor: principal,
            action: 'application.signed',
            entity: { type: 'application', id },
            data: { side, contentHash: application.contentHash },
            // Notifications e-mail the other city: it is their turn to sign.
            event: {
              type: 'application.cosign_requested',
              payload: { ...base, partnershipId, signedSide: side, awaitingSide },
            },
          });
        }
        return this.viewOf(manager, application, [...signatures, signature]);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'ux_application_signatures_side')) {
        throw new AppError('invalid_state', 'This side already signed this application');
      }
      throw error;
    }
  }

  /** An officer sends it back to the cities: a draft again, to be edited and signed anew. */
  returnForChanges(
    principal: Principal,
    id: string,
    dto: ReturnApplicationDto,
  ): Promise<ApplicationView> {
    return this.dataSource.transaction(async (manager) => {
      const application = await this.locked(manager, principal, id);
      const from = application.status;
      const to = transition(application, 'return', principal);
      const dropped = await manager.delete(ApplicationSignature, { applicationId: id });
      await saveChanges(manager, Application, application, { status: to, submittedAt: null });
      await this.recordTransition(manager, application, from, 'return', principal, new Date(), {
        message: dto.message,
      });
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'application.returned',
        entity: { type: 'application', id },
        data: { from, message: dto.message, signaturesDropped: dropped.affected ?? 0 },
      });
      return this.viewOf(manager, application, []);
    });
  }

  withdraw(principal: Principal, id: string): Promise<ApplicationView> {
    return this.dataSource.transaction(async (manager) => {
      const application = await this.locked(manager, principal, id);
      const from = application.status;
      await saveChanges(manager, Application, application, {
        status: transition(application, 'withdraw', principal),
      });
      await this.recordTransition(manager, application, from, 'withdraw', principal, new Date());
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'application.withdrawn',
        entity: { type: 'application', id },
        data: { from },
      });
      const signatures = await manager.findBy(ApplicationSignature, { applicationId: id });
      return this.viewOf(manager, application, signatures);
    });
  }

  /**
   * The list's query as `list` runs it for the first page (filters, reach, order, limit), so
   * its plan can be inspected; `paginate` adds the cursor condition for later pages.
   */
  listQuery(principal: Principal, query: ListApplicationsQuery): SelectQueryBuilder<Application> {
    const pinned = pinnedByFilters(query);
    const qb = this.dataSource
      .getRepository(Application)
      .createQueryBuilder('a')
      .select(LIST_COLUMNS);
    const isPinned = (expression: string) => pinned.some((p) => p.expression === expression);
    if (query.status && !isPinned('a.status')) {
      qb.andWhere('a.status = :status', { status: query.status });
    }
    if (query.partnershipId && !isPinned('a.partnershipId')) {
      qb.andWhere('a.partnershipId = :partnershipId', { partnershipId: query.partnershipId });
    }
    if (query.cityId) {
      qb.andWhere('(a.jpCityId = :cityId OR a.usCityId = :cityId)', { cityId: query.cityId });
    }
    Reach.scope(qb, 'application', 'a', principal);
    return keyset(qb, query, LIST_ORDER, 'DESC', pinned);
  }

  /** The busiest list of the portal and integrations: a prepared statement per shape. */
  async list(
    principal: Principal,
    query: ListApplicationsQuery,
  ): Promise<Page<ApplicationSummary>> {
    const filters = (['roundId', 'status', 'partnershipId', 'cityId'] as const)
      .filter((filter) => query[filter] !== undefined)
      .join();
    const variant = `${Reach.variant(principal)}|${filters}|${query.cursor ? 'after' : 'first'}|${query.limit}`;
    const rows = await APPLICATIONS.raw<ApplicationSummary>(
      variant,
      this.listQuery(principal, query),
    );
    return pageOf(rows, query, LIST_ORDER);
  }

  /**
   * One application with its signatures and deadline, in one query: the hottest read of the API,
   * so its SQL is built once per reach variant, run as a prepared statement, and its one row read
   * as it comes (no entities).
   */
  async get(principal: Principal, id: string): Promise<ApplicationView> {
    const [row] = await APPLICATION_BY_ID.rows<ApplicationRow>(
      this.dataSource.manager,
      Reach.variant(principal),
      () => this.byIdQuery(principal, id),
      { id, ...Reach.parameters('application', principal) },
    );
    if (!row) throw new AppError('not_found', 'Application not found');
    const { signatures, closesAt, usTimeZone, ...application } = row;
    return {
      application,
      signatures: (signatures ?? []).map((s) => ({ ...s, signedAt: new Date(s.signedAt) })),
      closesAt,
      usTimeZone,
    };
  }

  private byIdQuery(principal: Principal, id: string): SelectQueryBuilder<Application> {
    const qb = this.dataSource
      .getRepository(Application)
      .createQueryBuilder('a')
      .select(BY_ID_COLUMNS)
      .innerJoin('a.round', 'r')
      .innerJoin(City, 'us', 'us.id = a.usCityId')
      .where('a.id = :id', { id });
    return Reach.scope(qb, 'application', 'a', principal);
  }

  /** The content as each city signed it, newest first: what changed since a city signed. */
  async signedVersions(principal: Principal, id: string): Promise<ApplicationSignedVersion[]> {
    await this.reachable(principal, id);
    return this.dataSource
      .getRepository(ApplicationSignedVersion)
      .find({ where: { applicationId: id }, order: { signedAt: 'DESC', id: 'DESC' } });
  }

  /** Every status change, oldest first. */
  async history(principal: Principal, id: string): Promise<ApplicationTransition[]> {
    await this.reachable(principal, id);
    return this.dataSource
      .getRepository(ApplicationTransition)
      .find({ where: { applicationId: id }, order: { at: 'ASC' } });
  }

  /** 404 unless the application is within the caller's reach. */
  private async reachable(principal: Principal, id: string): Promise<void> {
    await Reach.one(
      this.dataSource
        .getRepository(Application)
        .createQueryBuilder('a')
        .select('a.id')
        .where('a.id = :id', { id }),
      'application',
      'a',
      principal,
      'Application',
    );
  }

  /** The application within the caller's reach, locked until the transaction ends (else 404). */
  private locked(manager: EntityManager, principal: Principal, id: string): Promise<Application> {
    const qb = manager
      .getRepository(Application)
      .createQueryBuilder('a')
      .where('a.id = :id', { id })
      .setLock('pessimistic_write');
    return Reach.one(qb, 'application', 'a', principal, 'Application');
  }

  /** The partnership an application is written for, within the caller's reach (else 404). */
  private async partnershipOf(
    manager: EntityManager,
    principal: Principal,
    id: string,
  ): Promise<Partnership> {
    const qb = manager
      .getRepository(Partnership)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.usCity', 'us')
      .where('p.id = :id', { id });
    return Reach.one(qb, 'partnership', 'p', principal, 'Partnership', PARTNERSHIP);
  }

  private async roundOf(manager: EntityManager, id: string): Promise<Round> {
    const round = await findRoundWithBudgets(manager, id);
    if (!round) throw new AppError('not_found', 'Round not found');
    return round;
  }

  private async recordTransition(
    manager: EntityManager,
    application: Application,
    from: ApplicationStatus | null,
    action: ApplicationAction | 'create',
    principal: Principal | null,
    at: Date,
    extra: { message?: string } = {},
  ): Promise<void> {
    await manager.query(INSERT_TRANSITION, [
      application.id,
      from,
      application.status,
      action,
      principal?.userId ?? null,
      extra.message ?? null,
      at,
    ]);
  }

  private async viewOf(
    manager: EntityManager,
    application: Application,
    signatures: ApplicationSignature[],
  ): Promise<ApplicationView> {
    const [row] = (await manager.query(
      'SELECT r.closes_at, c.timezone FROM rounds r, cities c WHERE r.id = $1 AND c.id = $2',
      [application.roundId, application.usCityId],
    )) as { closes_at: Date; timezone: string }[];
    return {
      application,
      signatures,
      closesAt: row.closes_at,
      usTimeZone: row.timezone,
    };
  }
}

/** Applications are accepted while the round is open, from `opensAt` up to (not at) `closesAt`. */
function assertAcceptingApplications(round: Round, now: Date): void {
  if (round.status !== 'open') {
    throw new AppError('rule_violation', `The round is ${round.status}, not open`);
  }
  if (now.getTime() < round.opensAt.getTime()) {
    throw new AppError('rule_violation', `The round opens at ${round.opensAt.toISOString()}`);
  }
  if (now.getTime() >= round.closesAt.getTime()) {
    throw new AppError('rule_violation', `The round closed at ${round.closesAt.toISOString()}`);
  }
}

const changedSinceRead = (application: Application) =>
  new AppError(
    'conflict',
    `The application changed since you read it; its contentHash is now ${application.contentHash}`,
  );
