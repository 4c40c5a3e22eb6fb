import { conflictOf, ReviewedPartnership, ReviewerProfile } from './conflicts';

export type Country = 'JP' | 'US';
const COUNTRIES: readonly Country[] = ['JP', 'US'];

/** An application to staff, with who is on it already. */
export interface StaffableApplication extends ReviewedPartnership {
  id: string;
  /** Reviewers on it now (assigned or submitted): they fill slots and are not added again. */
  reviewerIds: readonly string[];
  /** Reviewers who declined it (a declared conflict): never assigned to it again. */
  declinedReviewerIds: readonly string[];
}

/** An active reviewer and how many assignments they already carry in this round. */
export interface PoolReviewer extends ReviewerProfile {
  id: string;
  country: Country | null;
  load: number;
}

export interface PlannedAssignment {
  applicationId: string;
  reviewerId: string;
}

/**
 * Why an application stays short, as a code callers word in their own language: the pool is
 * empty, or conflicts, declines and the reviewers already on it left too few to add.
 */
export const UNSTAFFED_REASONS = ['no_active_reviewers', 'too_few_eligible_reviewers'] as const;
export type UnstaffedReason = (typeof UNSTAFFED_REASONS)[number];

/** The active reviewers as one application saw them: who could join, what kept the rest off. */
export interface ReviewerCounts {
  active: number;
  eligible: number;
  conflicted: number;
  declined: number;
  alreadyAssigned: number;
}

/** An application left with fewer than `reviewersPerApplication` reviewers, and why. */
export interface Unstaffed {
  applicationId: string;
  missing: number;
  reasonCode: UnstaffedReason;
  reviewers: ReviewerCounts;
  /** The same in English words. */
  reason: string;
}

export interface AssignmentPlan {
  assignments: PlannedAssignment[];
  unstaffed: Unstaffed[];
}

interface Slots {
  application: StaffableApplication;
  /**
   * Pool indices of the reviewers who may still join it. A typed array of exactly its length: a
   * round's 2,000 × 200 candidates as number arrays grown by push held ~3.5 MB of the API's heap.
   */
  eligible: Int32Array;
  conflicted: number;
  declined: number;
  need: number;
  present: Set<Country>;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The auto-assignment of SPEC §5.4, without I/O: which reviewers to add to which applications so
 * that each has `reviewersPerApplication`, none with a conflict, at least one JP-based and one
 * US-based reviewer when the pool allows, and the load spread as even as the conflicts allow.
 *
 * Greedy: the applications with the fewest eligible reviewers go first (they have the least
 * choice). Each slot takes the least-loaded eligible reviewer (ties by id, so a run is
 * deterministic), except that once the slots left are no more than the countries still missing,
 * the slot must go to a missing country. Forcing the country only then (not on the first slot)
 * keeps both countries' reviewers drawn by load. Conflicts can still steer it to a spread of 2
 * (depending on the ids that break ties); `rebalance` then moves assignments from the heaviest to
 * the lightest eligible reviewers until max − min ≤ 1 or no move is allowed.
 *
 * Existing reviewers count towards the quota, so running the plan again on its result adds
 * nothing. Cost: one conflict check per (application, reviewer) pair plus one scan of the
 * eligible list per slot — O(applications × reviewers × (1 + slots)).
 */
export function planAssignments(
  applications: readonly StaffableApplication[],
  reviewers: readonly PoolReviewer[],
  reviewersPerApplication: number,
): AssignmentPlan {
  const pool = [...reviewers].sort(byId);
  const loads = pool.map((r) => r.load);
  const countryById = new Map(pool.map((r) => [r.id, r.country]));

  const candidates = new Int32Array(pool.length);
  const work: Slots[] = applications.map((application) => {
    const taken = new Set(application.reviewerIds);
    const declinedIds = new Set(application.declinedReviewerIds);
    let eligible = 0;
    const slots: Slots = {
      application,
      eligible: candidates,
      conflicted: 0,
      declined: 0,
      need: Math.max(0, reviewersPerApplication - taken.size),
      present: new Set(),
    };
    for (const id of taken) {
      const country = countryById.get(id);
      if (country) slots.present.add(country);
    }
    pool.forEach((reviewer, index) => {
      if (taken.has(reviewer.id)) return;
      if (declinedIds.has(reviewer.id)) slots.declined++;
      else if (conflictOf(reviewer, application) !== null) slots.conflicted++;
      else candidates[eligible++] = index;
    });
    slots.eligible = candidates.slice(0, eligible);
    return slots;
  });
  work.sort((a, b) => a.eligible.length - b.eligible.length || byId(a.application, b.application));

  const assignments: PlannedAssignment[] = [];
  const unstaffed: Unstaffed[] = [];
  for (const slots of work) {
    const chosen: number[] = [];
    for (let slot = 0; slot < slots.need; slot++) {
      const pick = pickReviewer(slots, chosen, slots.need - slot, pool, loads);
      if (pick === undefined) break;
      chosen.push(pick);
      loads[pick]++;
      const country = pool[pick].country;
      if (country) slots.present.add(country);
      assignments.push({ applicationId: slots.application.id, reviewerId: pool[pick].id });
    }
    if (chosen.length < slots.need) {
      unstaffed.push({
        applicationId: slots.application.id,
        missing: slots.need - chosen.length,
        ...whyUnstaffed(slots, pool.length),
      });
    }
  }
  rebalance(assignments, work, pool, loads);
  unstaffed.sort((a, b) => (a.applicationId < b.applicationId ? -1 : 1));
  return { assignments, unstaffed };
}

/**
 * The greedy pass can leave max − min = 2 where conflicts steer it (which way depends on the
 * ids). Moves planned assignments from a reviewer of load L towards one of load ≤ L − 2: directly
 * when the light reviewer may take one of the heavy one's applications, else along a chain of
 * moves through other reviewers (the light one may take the application of someone the heavy
 * one can relieve), never putting a reviewer twice on an application nor dropping a country it
 * had. Every chain lowers the sum of squared loads, so it ends; when the greedy spread is
 * already ≤ 1 it costs one scan of the loads.
 */
function rebalance(
  assignments: PlannedAssignment[],
  work: readonly Slots[],
  pool: readonly PoolReviewer[],
  loads: number[],
): void {
  const lightest = () => Math.min(...loads);
  if (pool.length === 0 || Math.max(...loads) - lightest() <= 1) return;
  const indexOf = new Map(pool.map((reviewer, index) => [reviewer.id, index]));
  const slotsOf = new Map(work.map((slots) => [slots.application.id, slots]));
  /** Per application: who is on it, and how many of each country. */
  const onApp = new Map(
    work.map((slots) => {
      const members = new Set(slots.application.reviewerIds.flatMap((id) => indexOf.get(id) ?? []));
      return [slots.application.id, { members, countries: new Map<Country, number>() }];
    }),
  );
  const planned = new Map<number, PlannedAssignment[]>();
  for (const a of assignments) {
    const index = indexOf.get(a.reviewerId)!;
    onApp.get(a.applicationId)!.members.add(index);
    planned.set(index, [...(planned.get(index) ?? []), a]);
  }
  for (const { members, countries } of onApp.values()) {
    for (const i of members) {
      const country = pool[i].country;
      if (country) countries.set(country, (countries.get(country) ?? 0) + 1);
    }
  }

  /** Whether `from`'s place on `a` can go to `to` as things stand. */
  const canMove = (a: PlannedAssignment, from: number, to: number): boolean => {
    const { members, countries } = onApp.get(a.applicationId)!;
    if (members.has(to)) return false;
    const leaving = pool[from].country;
    const lastOfCountry = leaving !== null && countries.get(leaving) === 1;
    return !lastOfCountry || pool[to].country === leaving;
  };
  const eligibleOn = (a: PlannedAssignment) => slotsOf.get(a.applicationId)!.eligible;

  /**
   * A chain of moves from `start` to a reviewer at least 2 lighter: `start`'s place on one
   * application goes to r1, r1's place on another to r2, … the last to the light reviewer. Only
   * the ends change load. Breadth-first over reviewers, each application at most once a chain.
   */
  const chainFrom = (start: number): { a: PlannedAssignment; from: number; to: number }[] => {
    const target = loads[start] - 2;
    const via = new Map<number, { a: PlannedAssignment; from: number } | null>([[start, null]]);
    /** The moves that reach `at` from `start`, in order. */
    const pathTo = (at: number) => {
      const moves: { a: PlannedAssignment; from: number; to: number }[] = [];
      for (let step = via.get(at); step; at = step.from, step = via.get(at)) {
        moves.unshift({ a: step.a, from: step.from, to: at });
      }
      return moves;
    };
    const queue = [start];
    while (queue.length) {
      const from = queue.shift()!;
      const used = new Set(pathTo(from).map((move) => move.a.applicationId));
      for (const a of planned.get(from) ?? []) {
        if (used.has(a.applicationId)) continue;
        for (const to of eligibleOn(a)) {
          if (via.has(to) || !canMove(a, from, to)) continue;
          via.set(to, { a, from });
          if (loads[to] <= target) return pathTo(to);
          queue.push(to);
        }
      }
    }
    return [];
  };

  const apply = ({ a, from, to }: { a: PlannedAssignment; from: number; to: number }) => {
    const { members, countries } = onApp.get(a.applicationId)!;
    members.delete(from);
    members.add(to);
    for (const [index, delta] of [
      [from, -1],
      [to, 1],
    ] as const) {
      const country = pool[index].country;
      if (country) countries.set(country, (countries.get(country) ?? 0) + delta);
      loads[index] += delta;
    }
    planned.set(
      from,
      planned.get(from)!.filter((p) => p !== a),
    );
    planned.set(to, [...(planned.get(to) ?? []), a]);
    a.reviewerId = pool[to].id;
  };

  // Every chain lowers the sum of squared loads; the bound only caps a pathological pool.
  for (let chains = 0; chains < assignments.length; chains++) {
    const floor = lightest();
    const heaviest = [...planned.keys()]
      .filter((i) => loads[i] - floor >= 2)
      .sort((x, y) => loads[y] - loads[x] || x - y);
    let chain: { a: PlannedAssignment; from: number; to: number }[] = [];
    for (const from of heaviest) {
      chain = chainFrom(from);
      if (chain.length) break;
    }
    if (!chain.length) return;
    chain.forEach(apply);
  }
}

/** The pool index for the next slot, or undefined when nobody eligible is left. */
function pickReviewer(
  slots: Slots,
  chosen: readonly number[],
  slotsLeft: number,
  pool: readonly PoolReviewer[],
  loads: readonly number[],
): number | undefined {
  let any: number | undefined;
  const best: Partial<Record<Country, number>> = {};
  // `eligible` is in pool order (by id), so the first of equal loads wins: ties break by id.
  for (const index of slots.eligible) {
    if (chosen.includes(index)) continue;
    if (any === undefined || loads[index] < loads[any]) any = index;
    const country = pool[index].country;
    if (country) {
      const current = best[country];
      if (current === undefined || loads[index] < loads[current]) best[country] = index;
    }
  }
  const missing = COUNTRIES.filter((c) => !slots.present.has(c) && best[c] !== undefined);
  if (missing.length === 0 || missing.length < slotsLeft) return any;
  return missing
    .map((c) => best[c]!)
    .reduce((a, b) => (loads[b] < loads[a] || (loads[b] === loads[a] && b < a) ? b : a));
}

function whyUnstaffed(
  slots: Slots,
  poolSize: number,
): Omit<Unstaffed, 'applicationId' | 'missing'> {
  const reviewers: ReviewerCounts = {
    active: poolSize,
    eligible: slots.eligible.length,
    conflicted: slots.conflicted,
    declined: slots.declined,
    alreadyAssigned: slots.application.reviewerIds.length,
  };
  const parts = [`${reviewers.conflicted} with a conflict of interest`];
  if (reviewers.declined) parts.push(`${reviewers.declined} declined it`);
  if (reviewers.alreadyAssigned) parts.push(`${reviewers.alreadyAssigned} already on it`);
  return {
    reasonCode: poolSize === 0 ? 'no_active_reviewers' : 'too_few_eligible_reviewers',
    reviewers,
    reason:
      `only ${reviewers.eligible} of ${poolSize} active reviewers could be added ` +
      `(${parts.join(', ')})`,
  };
}
