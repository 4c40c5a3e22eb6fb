import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { eventually } from '../support/app';

/**
 * What must hold after any fault (issue 9, SPEC §5.7 and §5.11), checked in SQL against the
 * database the processes wrote, never against what they said:
 * - no disbursement in two bank files: the entry identifiers of every stored file are distinct
 *   across all files, and each completed run's `entry_count` equals the disbursements it claimed;
 * - no award paid out beyond its amount, per side and currency;
 * - no lost outbox event: every audit event has its outbox row (they are written together), and
 *   every row has been relayed once the relay has caught up (`relayed: true`);
 * - every audit event sealed into the chain, and the hash chain valid from genesis to head.
 */
export interface InvariantOptions {
  /** Also require every outbox row to have been handed to BullMQ (after recovery). */
  relayed?: boolean;
}

export interface InvariantReport {
  filesChecked: number;
  entriesChecked: number;
  auditEventsChecked: number;
  outboxRows: number;
}

/** The disbursement identifier each bank file carries per entry (see nacha.ts, zengin.ts). */
function entryIdentifiers(rail: string, file: Buffer): string[] {
  if (rail === 'ach') {
    // Entry detail records start with 6; the identification number is columns 40–54.
    return file
      .toString('ascii')
      .split(/\r?\n/)
      .filter((record) => record[0] === '6')
      .map((record) => record.slice(39, 54).trim());
  }
  // Zengin data records start with 2; the customer code (EDI) is bytes 92–111 of 120.
  const identifiers: string[] = [];
  for (let offset = 0; offset + 120 <= file.length; offset += 122) {
    if (file[offset] === 0x32) {
      identifiers.push(
        file
          .subarray(offset + 91, offset + 111)
          .toString('ascii')
          .trim(),
      );
    }
  }
  return identifiers;
}

export async function checkInvariants(
  db: DataSource,
  options: InvariantOptions = {},
): Promise<InvariantReport> {
  const problems: string[] = [];

  const runs = (await db.query(
    `SELECT r.id, r.rail, r.status, r.entry_count, r.file,
            (SELECT count(*)::int FROM disbursements d WHERE d.payment_run_id = r.id) AS claimed
       FROM payment_runs r ORDER BY r.created_at`,
  )) as {
    id: string;
    rail: string;
    status: string;
    entry_count: number;
    file: Buffer | null;
    claimed: number;
  }[];
  const seen = new Map<string, string>();
  let entriesChecked = 0;
  let filesChecked = 0;
  for (const run of runs) {
    if (run.status === 'completed' && run.entry_count !== run.claimed) {
      problems.push(`run ${run.id}: file has ${run.entry_count} entries, ${run.claimed} claimed`);
    }
    if (run.status !== 'completed' && run.claimed > 0) {
      problems.push(`run ${run.id} is ${run.status} yet claims ${run.claimed} disbursements`);
    }
    if (!run.file) continue;
    filesChecked += 1;
    const identifiers = entryIdentifiers(run.rail, run.file);
    if (identifiers.length !== run.entry_count) {
      problems.push(
        `run ${run.id}: ${identifiers.length} entry records, entry_count ${run.entry_count}`,
      );
    }
    for (const identifier of identifiers) {
      entriesChecked += 1;
      const other = seen.get(identifier);
      if (other)
        problems.push(`entry ${identifier} is in the files of runs ${other} and ${run.id}`);
      seen.set(identifier, run.id);
    }
  }

  const overpaid = (await db.query(
    `SELECT l.award_id, l.side, l.currency, l.amount_minor, sum(d.amount_minor)::bigint AS paid
       FROM award_lines l
       JOIN disbursements d ON d.award_id = l.award_id AND d.side = l.side
                           AND d.currency = l.currency AND d.status IN ('approved', 'sent', 'paid')
      GROUP BY l.award_id, l.side, l.currency, l.amount_minor
     HAVING sum(d.amount_minor) > l.amount_minor`,
  )) as { award_id: string; side: string; currency: string; amount_minor: number; paid: number }[];
  for (const row of overpaid) {
    problems.push(
      `award ${row.award_id} ${row.side} pays ${row.paid} ${row.currency} of ${row.amount_minor}`,
    );
  }

  // ChangeLog writes the outbox row carrying its audit event's id; bulk transitions (a payment
  // run's `disbursement.sent` per entry) add more rows, never fewer.
  const [counts] = (await db.query(
    `SELECT (SELECT count(*)::int FROM outbox) AS outbox,
            (SELECT count(*)::int FROM outbox WHERE enqueued_at IS NULL) AS pending,
            (SELECT count(*)::int FROM audit_events e
              WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.audit_event_id = e.id)
            ) AS without_outbox`,
  )) as { outbox: number; pending: number; without_outbox: number }[];
  if (counts.without_outbox > 0) {
    problems.push(`${counts.without_outbox} audit events without their outbox row`);
  }
  if (options.relayed && counts.pending > 0) {
    problems.push(`${counts.pending} outbox rows never relayed`);
  }

  // Every recorded event gets its place in the chain (the sealers of the live processes).
  const unsealed = async () =>
    (
      (await db.query('SELECT count(*)::int AS n FROM audit_events WHERE seq IS NULL')) as {
        n: number;
      }[]
    )[0].n;
  const left = await eventually(async () => ((await unsealed()) === 0 ? 'none' : null), 5_000)
    .then(() => 0)
    .catch(() => unsealed());
  if (left > 0) problems.push(`${left} audit events never sealed into the chain`);

  const chain = await new AuditService(db).verify();
  if (!chain.valid) problems.push(`audit chain broken at ${String(chain.firstBrokenAt)}`);

  if (problems.length) throw new Error(`invariants violated:\n- ${problems.join('\n- ')}`);
  return {
    filesChecked,
    entriesChecked,
    auditEventsChecked: chain.checked,
    outboxRows: counts.outbox,
  };
}

/** Waits for the relay to hand every outbox row to BullMQ. */
export async function relayCaughtUp(db: DataSource, timeoutMs = 20_000): Promise<void> {
  await eventually(
    async () =>
      ((await db.query('SELECT 1 FROM outbox WHERE enqueued_at IS NULL LIMIT 1')) as unknown[])
        .length === 0,
    timeoutMs,
    'the relay to catch up',
  );
}

/** Once the relay has caught up, every invariant including `relayed`. */
export async function checkInvariantsOnceRelayed(db: DataSource): Promise<InvariantReport> {
  await relayCaughtUp(db);
  return checkInvariants(db, { relayed: true });
}
