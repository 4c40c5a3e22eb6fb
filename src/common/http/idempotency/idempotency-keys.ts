import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
      if (!row.expired && row.requestHash !== requestHash) {
        throw new AppError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request; use a new key',
        );
      }
      if (!row.expired && row.state === 'completed') {
        return {
          kind: 'replay',
          response: {
            status: row.responseStatus ?? 200,
            body: row.responseBody,
            headers: row.responseHeaders ?? {},
          },
        };
      }
      if (!row.expired && !row.lapsed) {
        throw new AppError(
          'idempotency_key_in_use',
          'The first request with this Idempotency-Key is still being processed; retry later',
        );
      }
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
