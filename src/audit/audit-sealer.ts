import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { chainHash, GENESIS_HASH } from './audit-chain';
import type { AuditEvent } from './audit-event.entity';

/** Serialises sealers (of every process) so the chain never forks; held until the seal commits. */
export const AUDIT_CHAIN_LOCK = 5_117_001;
/** Events chained per transaction. */
const SEAL_BATCH = 2_000;

type Unsealed = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;
interface Head {
  seq: number;
  hash: string;
}

const ANY_PENDING = `SELECT 1 FROM audit_events WHERE seq IS NULL LIMIT 1`;
/**
 * A pass's first round trip: open the transaction, take the chain lock, then read the pending
 * events and the chain's head. Separate statements of one simple query, so the reads' snapshots
 * are taken once the lock is held and see every seal committed before it (READ COMMITTED takes a
 * snapshot per statement).
 */
const LOCK_AND_READ = `
  BEGIN;
  SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK});
  SELECT id, occurred_at AS "occurredAt", actor_id AS "actorId", actor_type AS "actorType",
         action, entity_type AS "entityType", entity_id AS "entityId", data,
         request_id AS "requestId"
    FROM audit_events WHERE seq IS NULL ORDER BY occurred_at, id LIMIT ${SEAL_BATCH};
  SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`;
const SEAL = `
  UPDATE audit_events e SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
    FROM unnest($1::uuid[], $2::bigint[], $3::char(64)[], $4::char(64)[])
         AS v(id, seq, prev_hash, hash)
   WHERE e.id = v.id AND e.seq IS NULL`;

/**
 * Gives recorded audit events their place in the hash chain (SPEC §5.11). A change's transaction
 * writes its event unsealed, taking no lock, so writers never queue behind one another; the
 * sealer then chains every committed unsealed event in one transaction under the chain lock:
 * `seq` continues the chain, `hash = SHA-256(prevHash ‖ canonical event)`. Requests that recorded
 * a change wait for the seal before they answer (so what they changed is in the audit trail when
 * the caller hears back), and concurrent requests share a pass; a timer seals what jobs record.
 * Every process seals; the lock makes them take turns, and whichever runs chains everything.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(AuditSealer.name);
  private current: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sealIfPending().catch((error: unknown) => this.failed(error)),
      this.env.AUDIT_SEAL_INTERVAL_MS,
    ).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.seal().catch((error: unknown) => this.failed(error));
  }

  /**
   * Resolves once every event committed before the call is chained. A pass under way may have
   * read the pending events before the caller's committed, so callers arriving meanwhile share
   * the one pass that follows it.
   */
  seal(): Promise<void> {
    if (!this.current) {
      this.current = this.pass().finally(() => (this.current = undefined));
      return this.current;
    }
    this.next ??= this.current
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.seal();
      });
    return this.next;
  }

  /** The timer's seal: one cheap look first, so an idle process takes no lock. */
  private async sealIfPending(): Promise<void> {
    if (this.current) return;
    const [pending] = (await this.dataSource.query(ANY_PENDING)) as unknown[];
    if (pending) await this.seal();
  }

  private async pass(): Promise<void> {
    for (;;) {
      if ((await this.sealBatch()) < SEAL_BATCH) return;
    }
  }

  /**
   * Chains up to SEAL_BATCH pending events after the head, in one transaction of three round
   * trips (lock and reads, seal, commit), as the lock is held across them; returns how many.
   */
  private async sealBatch(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    // node-postgres' own client: TypeORM's query() keeps only the last of several results.
    const client = (await runner.connect()) as PoolClient;
    try {
      // One result per statement: BEGIN, the lock, the pending events, the head.
      const [, , pendingResult, headResult] = (await client.query(
        LOCK_AND_READ,
      )) as unknown as QueryResult[];
      const pending = pendingResult.rows as Unsealed[];
      const [head] = headResult.rows as Head[];
      if (pending.length) await client.query(SEAL, chained(pending, head));
      await client.query('COMMIT');
      return pending.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private failed(error: unknown): void {
    this.log.warn({ err: error }, 'audit events not sealed yet; retried');
  }
}

/** The SEAL statement's parameters: each event's place after `head`, and its hash. */
function chained(
  pending: Unsealed[],
  head: Head | undefined,
): [string[], number[], string[], string[]] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const ids: string[] = [];
  const seqs: number[] = [];
  const prevHashes: string[] = [];
  const hashes: string[] = [];
  for (const event of pending) {
    seq += 1;
    const hash = chainHash(prevHash, { ...event, seq });
    ids.push(event.id);
    seqs.push(seq);
    prevHashes.push(prevHash);
    hashes.push(hash);
    prevHash = hash;
  }
  return [ids, seqs, prevHashes, hashes];
}
