import type { TestContext } from '../support/app';
import { createCity, createRound, createUser } from '../support/factories';

/** The content hash the seeded applications were signed with (the JP signature must match it). */
export const CONTENT_HASH = 'c'.repeat(64);

/**
 * One JP city partnered with `count` US cities, one application per partnership, each signed by
 * its US city and awaiting the JP signature: every JP signature over HTTP is a cheap, countable
 * transition that submits one application and writes one `application.submitted` outbox row.
 */
export async function seedAwaitingCosign(ctx: TestContext, count: number) {
  const round = await createRound(ctx);
  const jp = await createCity(ctx, { country: 'JP' });
  const usSigner = await createUser(ctx, { role: 'city_user' });
  const rows = (await ctx.db.query(
    `WITH us AS (
       INSERT INTO cities (country, name_en, region, timezone)
       SELECT 'US', 'Chaos City ' || n, 'US-CA', 'America/Los_Angeles'
         FROM generate_series(1, $1::int) AS n
       RETURNING id),
     p AS (
       INSERT INTO partnerships (jp_city_id, us_city_id, established_on)
       SELECT $2::uuid, us.id, '1957-01-01' FROM us
       RETURNING id, jp_city_id, us_city_id),
     a AS (
       INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
                                 summary, starts_on, ends_on, budget_lines, content_hash,
                                 created_by, version)
       SELECT $3::uuid, p.id, p.jp_city_id, p.us_city_id, 'awaiting_cosign',
              '{"en":"Exchange","ja":"交流"}', '{"en":"Students","ja":"学生"}',
              '2027-04-01', '2027-09-30',
              '[{"side":"US","category":"travel","description":"Flights","amountMinor":500000,"currency":"USD"}]',
              $4, $5::uuid, 1
         FROM p
       RETURNING id, us_city_id)
     INSERT INTO application_signatures (application_id, side, city_id, user_id, content_hash,
                                         signed_at)
     SELECT a.id, 'US', a.us_city_id, $5::uuid, $4, now() FROM a
     RETURNING application_id AS id`,
    [count, jp.id, round.id, CONTENT_HASH, usSigner.id],
  )) as { id: string }[];
  return { jp, ids: rows.map((r) => r.id) };
}
