import type { DataSource } from 'typeorm';
import type { FieldEncryption } from '../src/common/crypto/field-encryption';
import { accountNumberContext } from '../src/payees/payee-accounts.service';
import type { Rail } from '../src/payees/payee-account.entity';

/** Payee accounts the seeded disbursements rotate through (valid routing / zengin codes). */
const ACCOUNTS: Record<Rail, { routing?: string; bank?: string; branch?: string; type: string; holder: string; number: string }[]> = {
  ach: [
    { routing: '121000248', type: 'checking', holder: 'City of Portland', number: '000123456789' },
    { routing: '026009593', type: 'savings', holder: 'Sacramento Sister Cities', number: '98765432' },
    { routing: '011000015', type: 'checking', holder: 'Ville de Saint-Louis', number: 'AB12345' },
  ],
  zengin: [
    { bank: '0001', branch: '100', type: 'ordinary', holder: 'ｻｯﾎﾟﾛｼ', number: '1234567' },
    { bank: '0001', branch: '105', type: 'savings', holder: 'ｷｮｳﾄｼ ｺｸｻｲｶ', number: '7654321' },
  ],
}; // prettier-ignore

export interface SeededAccount {
  id: string;
  accountNumber: string;
}

/**
 * `count` approved disbursements of `rail` straight in SQL (one award each, so the award's
 * within-amount trigger stays cheap), spread over the rail's payee accounts. Returns the ids.
 */
export async function seedApprovedDisbursements(
  db: DataSource,
  encryption: FieldEncryption,
  options: { rail: Rail; count: number; userId: string },
): Promise<{ ids: string[]; accounts: SeededAccount[] }> {
  const { rail, count, userId } = options;
  const currency = rail === 'ach' ? 'USD' : 'JPY';
  const side = rail === 'ach' ? 'US' : 'JP';
  const [jp] = (await db.query(
    `INSERT INTO cities (country, name_en, region, timezone)
     VALUES ('JP', 'Seed JP ' || gen_random_uuid(), 'JP-13', 'Asia/Tokyo') RETURNING id`,
  )) as { id: string }[];
  const [us] = (await db.query(
    `INSERT INTO cities (country, name_en, region, timezone)
     VALUES ('US', 'Seed US ' || gen_random_uuid(), 'US-CA', 'America/Los_Angeles') RETURNING id`,
  )) as { id: string }[];
  const [round] = (await db.query(
    `INSERT INTO rounds (code, title, opens_at, closes_at, rubric, reviewers_per_application,
                         tranche_schedule, reports_required, status, version)
     VALUES ('SEED-' || substr(md5(random()::text), 1, 8), '{"en":"Seed"}', now() - interval '1 day',
             now() + interval '7 days', '[]', 1, '[]', '[]', 'open', 1) RETURNING id`,
  )) as { id: string }[];

  const accounts: SeededAccount[] = [];
  for (const spec of ACCOUNTS[rail]) {
    const [row] = (await db.query(
      `INSERT INTO payee_accounts (city_id, rail, account_type, routing_number, bank_code,
                                   branch_code, holder_name, account_number_encrypted,
                                   account_number_last4, status, entered_by, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, 'verified', $9, 1) RETURNING id`,
      [
        rail === 'ach' ? us.id : jp.id,
        rail,
        spec.type,
        spec.routing ?? null,
        spec.bank ?? null,
        spec.branch ?? null,
        spec.holder,
        spec.number.slice(-4),
        userId,
      ],
    )) as { id: string }[];
    await db.query('UPDATE payee_accounts SET account_number_encrypted = $2 WHERE id = $1', [
      row.id,
      encryption.encrypt(spec.number, accountNumberContext(row.id)),
    ]);
    accounts.push({ id: row.id, accountNumber: spec.number });
  }

  // One partnership per award: a partnership applies once per round.
  await db.query(
    `WITH jp AS (
       INSERT INTO cities (country, name_en, region, timezone)
       SELECT 'JP', 'Seed JP ' || gen_random_uuid(), 'JP-13', 'Asia/Tokyo'
         FROM generate_series(1, $6) RETURNING id),
     ps AS (
       INSERT INTO partnerships (jp_city_id, us_city_id, established_on, status)
       SELECT id, $3, '1957-01-01', 'active' FROM jp RETURNING id, jp_city_id),
     apps AS (
       INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
                                 summary, starts_on, ends_on, content_hash, created_by, version)
       SELECT $1, ps.id, ps.jp_city_id, $3, 'approved', '{"en":"Seed"}', '{"en":"Seed"}',
              '2031-04-01', '2031-09-30', repeat('0', 64), $4, 1
         FROM ps RETURNING id, partnership_id, jp_city_id),
     aw AS (
       INSERT INTO awards (application_id, round_id, partnership_id, jp_city_id, us_city_id, decided_by)
       SELECT id, $1, partnership_id, jp_city_id, $3, $4 FROM apps RETURNING id)
     INSERT INTO award_lines (award_id, side, currency, amount_minor)
     SELECT id, $2, $5, 100000000 FROM aw`,
    [round.id, side, us.id, userId, currency, count],
  );
  const rows = (await db.query(
    `INSERT INTO disbursements (award_id, tranche_key, tranche_index, release_on, side, currency,
                                amount_minor, status, version, payee_account_id)
     SELECT a.id, 'first', 0, 'award', $2, $3, 1000 + (row_number() OVER (ORDER BY a.id) * 37) % 100000,
            'approved', 1, ($4::uuid[])[1 + (row_number() OVER (ORDER BY a.id)) % $5]
       FROM awards a WHERE a.round_id = $1
     RETURNING id`,
    [round.id, side, currency, accounts.map((a) => a.id), accounts.length],
  )) as { id: string }[];
  return { ids: rows.map((r) => r.id), accounts };
}
