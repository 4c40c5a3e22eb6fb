import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource, QueryRunner } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { Round } from '../rounds/round.entity';
import type { RankingRow } from './dto/ranking.dto';

/**
 * Reviewers whose weighted scores of an application differ by more than this (on the 0..1 scale,
 * i.e. 30 points out of 100) disagree enough for the panel to discuss it before deciding.
 */
export const DISCUSSION_SPREAD = 0.3;

/**
 * Below this a reviewer's standard deviation is rounding noise of identical scores: their
 * z-scores are 0 rather than a division by (almost) zero.
 */
const NO_VARIANCE = 1e-9;

/** The applications a round ranks: everything that reached review, decided or not. */
const RANKED_STATUSES = ['submitted', 'in_review', 'waitlisted', 'approved', 'rejected'];

/**
 * One statement. Each submitted review's z-score is taken against its reviewer's own mean and
 * sample deviation over the round (window functions), which corrects harsh and lenient
 * reviewers; a reviewer with one review or no variance gives 0. Requested amounts come from the
 * budget lines in the same pass.
 */
export const RANKING_SQL = `
WITH ranked_applications AS (
  SELECT a.id, a.partnership_id, a.budget_lines, a.title, a.status
    FROM applications a
   WHERE a.round_id = $1 AND a.status = ANY($2::varchar[])
),
reviews AS (
  SELECT s.application_id, s.weighted_score,
         s.weighted_score - avg(s.weighted_score) OVER reviewer AS deviation,
         stddev_samp(s.weighted_score) OVER reviewer AS reviewer_sd
    FROM assignments s
   WHERE s.round_id = $1 AND s.status = 'submitted'
  WINDOW reviewer AS (PARTITION BY s.reviewer_id)
),
scored AS (
  SELECT application_id,
         count(*)::int AS reviews_submitted,
         avg(weighted_score) AS weighted_mean,
         max(weighted_score) - min(weighted_score) AS spread,
         avg(CASE WHEN reviewer_sd > $3 THEN deviation / reviewer_sd ELSE 0 END) AS normalized_score
    FROM reviews
   GROUP BY application_id
),
assigned AS (
  SELECT application_id, count(*)::int AS reviews_assigned
    FROM assignments
   WHERE round_id = $1 AND status <> 'declined'
   GROUP BY application_id
),
requested AS (
  SELECT id,
         jsonb_agg(jsonb_build_object('side', side, 'currency', currency,
                                      'amountMinor', amount_minor)
                   ORDER BY side, currency) AS requested
    FROM (SELECT ra.id, line->>'side' AS side, line->>'currency' AS currency,
                 sum((line->>'amountMinor')::bigint)::bigint AS amount_minor
            FROM ranked_applications ra
           CROSS JOIN LATERAL jsonb_array_elements(ra.budget_lines) AS line
           GROUP BY 1, 2, 3) per_side
   GROUP BY id
)
SELECT ra.id AS "applicationId",
       ra.partnership_id AS "partnershipId",
       ra.title,
       ra.status,
       COALESCE(sc.reviews_submitted, 0) AS "reviewsSubmitted",
       COALESCE(asg.reviews_assigned, 0) AS "reviewsAssigned",
       sc.weighted_mean AS "weightedMean",
       sc.normalized_score AS "normalizedScore",
       sc.spread,
       COALESCE(sc.spread > $4, false) AS "needsDiscussion",
       COALESCE(rq.requested, '[]'::jsonb) AS requested,
       row_number() OVER (ORDER BY sc.normalized_score DESC NULLS LAST,
                                   sc.weighted_mean DESC NULLS LAST,
                                   ra.id)::int AS rank
  FROM ranked_applications ra
  LEFT JOIN scored sc ON sc.application_id = ra.id
  LEFT JOIN assigned asg ON asg.application_id = ra.id
  LEFT JOIN requested rq ON rq.id = ra.id
 ORDER BY rank`;

export const rankingParameters = (roundId: string) => [
  roundId,
  RANKED_STATUSES,
  NO_VARIANCE,
  DISCUSSION_SPREAD,
];

/** Rows fetched from the cursor at a time. */
const BATCH = 500;

/**
 * Characters written to the client at a time. Chunks this small die young in V8's new space; a
 * batch's worth (~1 MB) was a large object that grew the API's heap with every ranking.
 */
const CHUNK_CHARS = 32 * 1024;

@Injectable()
export class RankingService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The round's ranking as `{"data":[…]}`, streamed from a cursor a batch at a time: a round of
   * 10,000 applications is never held in the API's memory whole, as rows or as one JSON string.
   * The round is checked (404 out of reach) and the first batch read before anything is
   * answered, so a failing query is still a problem+json; all of it on one connection, released
   * when the last row is written or the client goes away.
   */
  async ranking(principal: Principal, roundId: string): Promise<Readable> {
    const runner = this.dataSource.createQueryRunner();
    let rows: QueryStream | undefined;
    try {
      const client = (await runner.connect()) as PoolClient;
      await runner.startTransaction();
      await Reach.one(
        runner.manager
          .getRepository(Round)
          .createQueryBuilder('r')
          .select('r.id')
          .where('r.id = :roundId', { roundId }),
        'round',
        'r',
        principal,
        'Round',
      );
      await runner.query(JIT_OFF);
      rows = client.query(
        new QueryStream(RANKING_SQL, rankingParameters(roundId), { batchSize: BATCH }),
      );
      const cursor = (rows as AsyncIterable<RankingRow>)[Symbol.asyncIterator]();
      const first = await cursor.next();
      return Readable.from(
        jsonPage(first, cursor, () => finish(runner, rows)),
        {
          objectMode: false,
        },
      );
    } catch (error) {
      await finish(runner, rows);
      throw error;
    }
  }
}

/**
 * The planner cannot estimate jsonb_array_elements (it assumes 100 rows per call), so at 10,000
 * applications it expects millions of rows and JIT-compiles the plan: ~1 s of compiling for
 * ~0.3 s of work. Off for the ranking's transaction only.
 */
const JIT_OFF = 'SET LOCAL jit = off';

/** `{"data":[row,…]}` from the first result and the rest of `cursor`, in chunks of ~CHUNK_CHARS. */
async function* jsonPage(
  first: IteratorResult<RankingRow>,
  cursor: AsyncIterator<RankingRow>,
  done: () => Promise<void>,
): AsyncGenerator<string> {
  try {
    let chunk = '{"data":[';
    let separator = '';
    for (let item = first; !item.done; item = await cursor.next()) {
      chunk += separator + JSON.stringify(item.value);
      separator = ',';
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}]}`;
  } finally {
    await done();
  }
}

/** Ends the ranking's transaction (it only read) and gives its connection back to the pool. */
async function finish(runner: QueryRunner, rows: QueryStream | undefined): Promise<void> {
  rows?.destroy();
  try {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
  } finally {
    await runner.release();
  }
}
