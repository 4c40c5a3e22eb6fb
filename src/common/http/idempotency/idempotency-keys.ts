import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../../../config/environment';
import { AppError } from '../../errors/app-error';

/** What a finished request left behind, to be sent again as it was. */
export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A response to keep: its body as the JSON text it was sent as (`null` for none). */
export interface ResponseToStore {
  status: number;
  bodyJson: string;
  headers: Record<string, string>;
}

/**
 * The outcome of presenting a key: either this request now owns it (`token` fences the claim, so a
 * request whose lock lapsed and was taken over cannot overwrite its successor's result), or the
 * first request's response is to be replayed.
 */
export type Claim =
  { kind: 'claimed'; token: string } | { kind: 'replay'; response: StoredResponse };

interface KeyRow {
  requestHash: string;
  state: 'in_flight' | 'completed';
  responseStatus: number | null;
  responseBody: unknown;
  responseHeaders: Record<string, string> | null;
  expired: boolean;
  lapsed: boolean;
}

// All times are the database's (now()), so API instances with drifting clocks agree.
const CLAIM = `
  INSERT INTO idempotency_keys (principal, key, request_hash, state, locked_until, expires_at)
  VALUES ($1, $2, $3, 'in_flight', now() + $4::int * interval '1 second',
          now() + $5::int * interval '1 hour')
  ON CONFLICT (principal, key) DO NOTHING
  RETURNING locked_until::text AS token`;

const LOOK_UP = `
  SELECT request_hash AS "requestHash", state, response_status AS "responseStatus",
         response_body AS "responseBody", response_headers AS "responseHeaders",
         expires_at <= now() AS expired, locked_until <= now() AS lapsed
  FROM idempotency_keys WHERE principal = $1 AND key = $2`;

// The WHERE clause is re-checked after a concurrent taker commits, so only one of them wins.
const TAKE_OVER = `
  WITH taken AS (
    UPDATE idempotency_keys
    SET request_hash = $3, state = 'in_flight', response_status = NULL, response_body = NULL,
        response_headers = NULL, created_at = now(),
        locked_until = now() + $4::int * interval '1 second',
        expires_at = now() + $5::int * interval '1 hour'
    WHERE principal = $1 AND key = $2
      AND (expires_at <= now()
           OR (state = 'in_flight' AND locked_until <= now() AND request_hash = $3))
    RETURNING locked_until::text AS token)
  SELECT token FROM taken`;

const COMPLETE = `
  WITH done AS (
    UPDATE idempotency_keys
    SET state = 'completed', response_status = $4, response_body = $5::jsonb,
        response_headers = $6::jsonb
    WHERE principal = $1 AND key = $2 AND state = 'in_flight' AND locked_until = $3::timestamptz
    RETURNING 1)
  SELECT count(*)::int AS n FROM done`;

const RELEASE = `
  WITH gone AS (
    DELETE FROM idempotency_keys
    WHERE principal = $1 AND key = $2 AND state = 'in_flight' AND locked_until = $3::timestamptz
    RETURNING 1)
  SELECT count(*)::int AS n FROM gone`;

const DELETE_EXPIRED = `
  WITH doomed AS (
    SELECT principal, key FROM idempotency_keys WHERE expires_at < now()
    ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED),
  gone AS (
    DELETE FROM idempotency_keys k USING doomed d
    WHERE k.principal = d.principal AND k.key = d.key
    RETURNING 1)
  SELECT count(*)::int AS n FROM gone`;

/** Namespace of the transaction advisory locks that keep one request per key running at a time. */
export const KEY_LOCK_NAMESPACE = 5_117_003;

// The lock is tried, not waited for: a second request with the key while the first runs is
// refused (409 in use), as with a claim row. The row's snapshot is taken before the lock, so a
// first request that commits in between is not seen here: its stored row then refuses this
// request's STORE, which rolls this request back (see inTransaction).
const LOCK_AND_LOOK_UP = `
  SELECT pg_try_advisory_xact_lock($3::int, hashtext($1 || E'\n' || $2)) AS locked,
         k.request_hash AS "requestHash", k.state, k.response_status AS "responseStatus",
         k.response_body AS "responseBody", k.response_headers AS "responseHeaders",
         k.expires_at <= now() AS expired, k.locked_until <= now() AS lapsed
  FROM (VALUES (1)) AS one
  LEFT JOIN idempotency_keys k ON k.principal = $1 AND k.key = $2`;

// Writes the finished response, over a row that no longer counts (expired, or a claim that
// lapsed); against a row that still does, writes nothing and returns no row.
const STORE = `
  INSERT INTO idempotency_keys AS k (principal, key, request_hash, state, response_status,
                                     response_body, response_headers, locked_until, expires_at)
  VALUES ($1, $2, $3, 'completed', $4, $5::jsonb, $6::jsonb, now(),
          now() + $7::int * interval '1 hour')
  ON CONFLICT (principal, key) DO UPDATE
    SET request_hash = EXCLUDED.request_hash, state = 'completed',
        response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body,
        response_headers = EXCLUDED.response_headers, created_at = now(),
        locked_until = now(), expires_at = EXCLUDED.expires_at
    WHERE k.expires_at <= now()
       OR (k.state = 'in_flight' AND k.locked_until <= now()
           AND k.request_hash = EXCLUDED.request_hash)
  RETURNING 1 AS stored`;

/** What presenting a key in a transaction came to: the work ran and committed, or a replay. */
export type Outcome<T> = { kind: 'ran'; result: T } | { kind: 'replay'; response: StoredResponse };

/** When a failed release is tried again: within about 15 s of the failure, then left to lapse. */
const RELEASE_RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000];

/** A conflicting row can vanish (released) or change (taken over) between two statements. */
const MAX_CLAIM_ATTEMPTS = 3;

/** The `idempotency_keys` table (SPEC §3): claims, results to replay, and their expiry. */
@Injectable()
export class IdempotencyKeys {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: Environment,
  ) {}

  /**
   * Claims `key` for this request, or says what to do instead: replay the first response, or
   * refuse (409) because the key belongs to another request or is still being served.
   */
  async claim(principal: string, key: string, requestHash: string): Promise<Claim> {
    const timing = [this.env.IDEMPOTENCY_LOCK_SECONDS, this.env.IDEMPOTENCY_TTL_HOURS];
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const [inserted] = await this.query<{ token: string }>(CLAIM, [
        principal,
        key,
        requestHash,
        ...timing,
      ]);
      if (inserted) return { kind: 'claimed', token: inserted.token };

      const [row] = await this.query<KeyRow>(LOOK_UP, [principal, key]);
      if (!row) continue;
      const replay = replayOf(row, requestHash);
      if (replay) return replay;
      const [taken] = await this.query<{ token: string }>(TAKE_OVER, [
        principal,
        key,
        requestHash,
        ...timing,
      ]);
      if (taken) return { kind: 'claimed', token: taken.token };
    }
    throw new AppError(
      'idempotency_key_in_use',
      'Another request with this Idempotency-Key is being processed; retry later',
    );
  }

  /**
   * The other way to present a key, for a handler whose database work is one transaction: runs
   * `work` in a transaction that first takes the key (a transaction advisory lock, so a crash
   * gives it back) and finally stores the response `work` made, then commits both. The change and
   * its replay are one commit: a retry after a lost answer replays it, and nothing is stored for
   * a change that rolled back. Refuses the key as `claim` does (reused, in use) and replays a
   * finished request. When `work` throws, it rolls back and the error is passed on; the caller
   * stores a 4xx answer with `record`.
   */
  async inTransaction<T>(
    principal: string,
    key: string,
    requestHash: string,
    work: (manager: EntityManager) => Promise<{ result: T; response: ResponseToStore }>,
  ): Promise<Outcome<T>> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [row] = (await runner.query(LOCK_AND_LOOK_UP, [
        principal,
        key,
        KEY_LOCK_NAMESPACE,
      ])) as (Partial<KeyRow> & { locked: boolean })[];
      if (!row.locked) throw keyInUse();
      const replay = row.state ? replayOf(row as KeyRow, requestHash) : undefined;
      if (replay) {
        await runner.rollbackTransaction();
        return replay;
      }
      const { result, response } = await work(runner.manager);
      if (!(await this.store(runner.manager, [principal, key, requestHash], response))) {
        // A request with the key finished after this one looked (see LOCK_AND_LOOK_UP): its
        // answer stands, and this request's work is undone.
        await runner.rollbackTransaction();
        const [now] = await this.query<KeyRow>(LOOK_UP, [principal, key]);
        const replayNow = now ? replayOf(now, requestHash) : undefined;
        if (replayNow) return replayNow;
        throw keyInUse();
      }
      await runner.commitTransaction();
      return { kind: 'ran', result };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * Stores the answer to a request that ran with `inTransaction` and was refused (4xx): a retry
   * with the key gets the same refusal. Stores nothing over a row that still counts.
   */
  async record(
    principal: string,
    key: string,
    requestHash: string,
    response: ResponseToStore,
  ): Promise<void> {
    await this.store(this.dataSource.manager, [principal, key, requestHash], response);
  }

  /** STORE: false when a row that still counts kept it from storing. */
  private async store(
    manager: EntityManager,
    [principal, key, requestHash]: [string, string, string],
    response: ResponseToStore,
  ): Promise<boolean> {
    const rows = (await manager.query(STORE, [
      principal,
      key,
      requestHash,
      response.status,
      response.bodyJson,
      JSON.stringify(response.headers),
      this.env.IDEMPOTENCY_TTL_HOURS,
    ])) as unknown[];
    return rows.length === 1;
  }

  /** Keeps the response for replay; false when the claim was lost (lapsed and taken over). */
  async complete(
    principal: string,
    key: string,
    token: string,
    response: ResponseToStore,
  ): Promise<boolean> {
    const [row] = await this.query<{ n: number }>(COMPLETE, [
      principal,
      key,
      token,
      response.status,
      response.bodyJson,
      JSON.stringify(response.headers),
    ]);
    return row.n === 1;
  }

  /** Gives the key back after a failure that is ours (5xx), so the client may simply retry. */
  async release(principal: string, key: string, token: string): Promise<void> {
    await this.query(RELEASE, [principal, key, token]);
  }

  /**
   * A release that failed (the database away, most likely the failure that ended the request) is
   * tried again in the background: otherwise the caller's retry with the key would be refused as
   * in use until the claim lapses (IDEMPOTENCY_LOCK_SECONDS). Gives up after the last delay.
   */
  releaseLater(
    principal: string,
    key: string,
    token: string,
    delaysMs: readonly number[] = RELEASE_RETRY_DELAYS_MS,
  ): void {
    const [delay, ...later] = delaysMs;
    if (delay === undefined) return;
    setTimeout(() => {
      this.release(principal, key, token).catch(() =>
        this.releaseLater(principal, key, token, later),
      );
    }, delay).unref();
  }

  /** Deletes up to `batchSize` expired keys; returns how many went. */
  async deleteExpired(batchSize: number): Promise<number> {
    const [row] = await this.query<{ n: number }>(DELETE_EXPIRED, [batchSize]);
    return row.n;
  }

  private query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    return this.dataSource.query<T[]>(sql, parameters);
  }
}

/**
 * What a stored row means for a request presenting its key: a replay of the first answer, or a
 * refusal (another request's key; the first still running). `undefined`: the row no longer counts
 * (expired, or a claim whose process died), and the request may take the key.
 */
function replayOf(row: KeyRow, requestHash: string): (Claim & { kind: 'replay' }) | undefined {
  if (row.expired) return undefined;
  if (row.requestHash !== requestHash) {
    throw new AppError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request; use a new key',
    );
  }
  if (row.state === 'completed') {
    return {
      kind: 'replay',
      response: {
        status: row.responseStatus ?? 200,
        body: row.responseBody,
        headers: row.responseHeaders ?? {},
      },
    };
  }
  if (!row.lapsed) throw keyInUse();
  return undefined;
}

function keyInUse(): AppError {
  return new AppError(
    'idempotency_key_in_use',
    'The first request with this Idempotency-Key is still being processed; retry later',
  );
}
