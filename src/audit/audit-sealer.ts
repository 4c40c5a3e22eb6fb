import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { chainHash, GENESIS_HASH } from './audit-chain';
import type { AuditEvent } from './audit-event.entity';

/** Serialises sealers (of every process) so the chain never forks; held until the seal commits. */
const AUDIT_CHAIN_LOCK = 5_117_001;
/** Events chained per transaction. */
const SEAL_BATCH = 2_000;

type Unsealed = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;

const ANY_PENDING = `SELECT 1 FROM audit_events WHERE seq IS NULL LIMIT 1`;
const HEAD = `SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`;
const PENDING = `
  SELECT id, occurred_at AS "occurredAt", actor_id AS "actorId", actor_type AS "actorType",
         action, entity_type AS "entityType", entity_id AS "entityId", data,
         request_id AS "requestId"
    FROM audit_events WHERE seq IS NULL ORDER BY occurred_at, id LIMIT $1`;
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
      const sealed = await this.dataSource.transaction((manager) => this.sealBatch(manager));
      if (sealed < SEAL_BATCH) return;
    }
  }

  /** Chains up to SEAL_BATCH pending events after the head; returns how many. */
  private async sealBatch(manager: EntityManager): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const pending = (await manager.query(PENDING, [SEAL_BATCH])) as Unsealed[];
    if (!pending.length) return 0;
    const [head] = (await manager.query(HEAD)) as { seq: number; hash: string }[];
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
    await manager.query(SEAL, [ids, seqs, prevHashes, hashes]);
    return pending.length;
  }

  private failed(error: unknown): void {
    this.log.warn({ err: error }, 'audit events not sealed yet; retried');
  }
}
