import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { notFound } from '../common/errors/app-error';
import type { PreparedSelect } from '../database/prepared-select';
import type { Principal } from './principal';
import type { Role } from './roles';

/**
 * How a row of an entity type belongs to the cities it concerns, as an SQL condition over the
 * row's query alias (property names, which TypeORM maps to columns). A city user reaches a row when
 * the condition holds for `:reachCityId`. Rows of a partnership's children (applications, awards,
 * payouts, reports, payee accounts) reach a city through their partnership: `viaPartnership`.
 */
type CityLink = (alias: string) => string;

/**
 * The row's partnership has the city on either side. `partnershipColumn` is the property holding
 * the partnership id, e.g. `viaPartnership('partnershipId')` for applications.
 */
export const viaPartnership =
  (partnershipColumn: string): CityLink =>
  (alias) =>
    `EXISTS (SELECT 1 FROM partnerships reach_p WHERE reach_p.id = ${alias}.${partnershipColumn} ` +
    `AND (reach_p.jp_city_id = :reachCityId OR reach_p.us_city_id = :reachCityId))`;

interface ReachRule {
  city: CityLink;
  /** The rows a reviewer reaches (`:reachUserId` is the reviewer); none when absent. */
  reviewer?: (alias: string) => string;
  /**
   * Staff roles that reach only some rows of this type (the others reach every row): the
   * condition per role, e.g. finance roles do not see draft rounds.
   */
  staff?: Partial<Record<Role, (alias: string) => string>>;
}

/** A round once published: drafts are the program office's work in progress. */
const publishedRound = (a: string) => `${a}.status <> 'draft'`;

/**
 * Record-level reach (SPEC §4), per entity type. To make a new entity type reachable, add its
 * rule here and load its rows only through `Reach.scope` / `Reach.one`.
 */
const RULES = {
  /** A city user reaches only its own city (its partners are shown inside its partnerships). */
  city: { city: (a) => `${a}.id = :reachCityId` },
  partnership: { city: (a) => `(${a}.jpCityId = :reachCityId OR ${a}.usCityId = :reachCityId)` },
  /** Through the partnership's two cities, copied onto the row so the indexes answer it. */
  application: {
    city: (a) => `(${a}.jpCityId = :reachCityId OR ${a}.usCityId = :reachCityId)`,
    /** Assigned to them, until they decline it (SPEC §4: only the applications assigned). */
    reviewer: (a) =>
      `EXISTS (SELECT 1 FROM assignments ra WHERE ra.application_id = ${a}.id ` +
      `AND ra.reviewer_id = :reachUserId AND ra.status <> 'declined')`,
  },
  /** A reviewer reaches only their own assignments (and reviews); no city reaches any. */
  assignment: {
    city: () => '1 = 0',
    reviewer: (a) => `${a}.reviewerId = :reachUserId`,
  },
  /** Every role may read published rounds (city users apply to them); drafts only the office. */
  round: {
    city: publishedRound,
    reviewer: publishedRound,
    staff: { finance_officer: publishedRound, finance_approver: publishedRound },
  },
  /** Through the partnership's two cities, copied onto the award like onto its application. */
  award: { city: (a) => `(${a}.jpCityId = :reachCityId OR ${a}.usCityId = :reachCityId)` },
  /** Through its award's two cities. */
  disbursement: {
    city: (a) =>
      `EXISTS (SELECT 1 FROM awards reach_aw WHERE reach_aw.id = ${a}.awardId ` +
      `AND (reach_aw.jp_city_id = :reachCityId OR reach_aw.us_city_id = :reachCityId))`,
  },
  /** Grantee reports: through their award's two cities (either city reads every side's). */
  report: {
    city: (a) =>
      `EXISTS (SELECT 1 FROM awards reach_ar WHERE reach_ar.id = ${a}.awardId ` +
      `AND (reach_ar.jp_city_id = :reachCityId OR reach_ar.us_city_id = :reachCityId))`,
  },
  /** A city user reaches the accounts of its own city only (SPEC §5.6). */
  payee_account: { city: (a) => `${a}.cityId = :reachCityId` },
  /** A city user reaches the refunds its own city owes (not its partner's). */
  refund: { city: (a) => `${a}.cityId = :reachCityId` },
  /** Staff only; finance roles read the disbursement ledger and no other export. */
  export: {
    city: () => '1 = 0',
    staff: {
      finance_officer: (a) => `${a}.type = 'disbursement_ledger'`,
      finance_approver: (a) => `${a}.type = 'disbursement_ledger'`,
    },
  },
} satisfies Record<string, ReachRule>;

export type ReachableEntity = keyof typeof RULES;

/**
 * What each role reaches once the route has let it in: staff roles every record; a city user the
 * records of its own city; a reviewer only what the entity's rule grants reviewers (assignments).
 */
const ROLE_REACH: Record<Role, 'everything' | 'own_city' | 'reviewer'> = {
  admin: 'everything',
  program_officer: 'everything',
  auditor: 'everything',
  finance_officer: 'everything',
  finance_approver: 'everything',
  city_user: 'own_city',
  reviewer: 'reviewer',
};

const NOTHING = '1 = 0';

function condition(entity: ReachableEntity, alias: string, principal: Principal): string | null {
  const rule: ReachRule = RULES[entity];
  switch (ROLE_REACH[principal.role]) {
    case 'everything':
      return rule.staff?.[principal.role]?.(alias) ?? null;
    case 'own_city':
      return principal.cityId ? rule.city(alias) : NOTHING;
    case 'reviewer':
      return rule.reviewer ? rule.reviewer(alias) : NOTHING;
  }
}

const parametersOf = (principal: Principal) => ({
  reachCityId: principal.cityId,
  reachUserId: principal.userId,
});

/**
 * The one place record-level reach is applied: every list and every single-record load of a
 * reachable entity goes through here, so an out-of-reach record is indistinguishable from a
 * missing one (404, never 403, never the record).
 */
export const Reach = {
  /** Narrows `qb` (whose `alias` is a row of `entity`) to the rows `principal` reaches. */
  scope<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    entity: ReachableEntity,
    alias: string,
    principal: Principal,
  ): SelectQueryBuilder<T> {
    const where = condition(entity, alias, principal);
    return where ? qb.andWhere(where, parametersOf(principal)) : qb;
  },

  /**
   * The parameters `scope` gives the reach condition of `principal` (none when it reaches every
   * row of `entity`): for a PreparedSelect that runs a kept query with new values.
   */
  parameters(entity: ReachableEntity, principal: Principal): ObjectLiteral {
    return condition(entity, '', principal) ? parametersOf(principal) : {};
  },

  /** What of `principal` shapes the SQL of its reach condition: part of a PreparedSelect variant. */
  variant(principal: Principal): string {
    return `${principal.role}:${principal.cityId ? 'city' : 'none'}`;
  },

  /**
   * The one row of `qb` within reach, or 404 `${what} not found`: missing and unreachable alike.
   * A hot load passes its PreparedSelect, which keeps the SQL per reach variant.
   */
  async one<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    entity: ReachableEntity,
    alias: string,
    principal: Principal,
    what: string,
    prepared?: PreparedSelect,
  ): Promise<T> {
    Reach.scope(qb, entity, alias, principal);
    const row = prepared ? await prepared.one(Reach.variant(principal), qb) : await qb.getOne();
    if (!row) throw notFound(what);
    return row;
  },
};
