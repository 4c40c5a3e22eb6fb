import type { Currency } from '../../src/common/money/money';
import { Refund } from '../../src/settlements/refund.entity';
import type { TestContext } from './app';

export interface RefundOptions {
  awardId: string;
  cityId: string;
  side: 'JP' | 'US';
  currency: Currency;
  amountMinor: number;
  createdBy: string;
  dueOn?: string;
  status?: Refund['status'];
}

/** A refund straight in the database, `due` by default (as a settlement that found an excess writes it). */
export async function insertRefund(ctx: TestContext, options: RefundOptions): Promise<Refund> {
  const repo = ctx.db.getRepository(Refund);
  return repo.save(
    repo.create({
      awardId: options.awardId,
      settlementId: null,
      cityId: options.cityId,
      side: options.side,
      currency: options.currency,
      amountMinor: options.amountMinor,
      status: options.status ?? 'due',
      dueOn: options.dueOn ?? '2026-11-01',
      createdBy: options.createdBy,
    }),
  );
}

/** The round's budget row of `currency` as PostgreSQL has it. */
export async function roundBudget(ctx: TestContext, roundId: string, currency: Currency) {
  const [row] = (await ctx.db.query(
    'SELECT committed_minor, amount_minor FROM round_budgets WHERE round_id = $1 AND currency = $2',
    [roundId, currency],
  )) as { committed_minor: number; amount_minor: number }[];
  return { committedMinor: Number(row.committed_minor), amountMinor: Number(row.amount_minor) };
}

/** The audit events of one entity (oldest first): action and data. */
export async function auditOf(ctx: TestContext, entityId: string, action?: string) {
  return (await ctx.db.query(
    `SELECT action, data, actor_id FROM audit_events
      WHERE entity_id = $1 AND ($2::text IS NULL OR action = $2) ORDER BY occurred_at, id`,
    [entityId, action ?? null],
  )) as { action: string; data: Record<string, unknown>; actor_id: string | null }[];
}

/** The outbox rows of one event type about `entityId` (by the audit event they carry). */
export async function outboxOf(ctx: TestContext, entityId: string, eventType: string) {
  return (await ctx.db.query(
    `SELECT o.event_type, o.payload FROM outbox o JOIN audit_events e ON e.id = o.audit_event_id
      WHERE e.entity_id = $1 AND o.event_type = $2`,
    [entityId, eventType],
  )) as { event_type: string; payload: Record<string, unknown> }[];
}
