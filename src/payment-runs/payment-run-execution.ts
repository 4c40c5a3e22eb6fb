import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import { FieldEncryption, maskLast4 } from '../common/crypto/field-encryption';
import { Environment } from '../config/environment';
import type { Rail } from '../payees/payee-account.entity';
import { BankFileEntryError, buildNachaFile, NachaEntry } from './nacha';
import type { PaymentRunStatus } from './payment-run.entity';
import { revealAccountNumber } from '../payees/payee-accounts.service';
import { payoutHolds } from '../settlements/holds';
import { buildZenginFile, ZenginEntry, ZenginEntryError } from './zengin';

/** What a run can no longer change: a retry or a duplicate job finds it and does nothing. */
const FINAL: readonly PaymentRunStatus[] = ['completed', 'failed'];

export type ExecutionOutcome = 'completed' | 'already_final' | 'missing';

/** One claimed disbursement with its payee account, as the single claim query returns it. */
interface ClaimedRow {
  id: string;
  amount_minor: number | string;
  payee_account_id: string | null;
  rail: Rail | null;
  account_type: string;
  routing_number: string | null;
  bank_code: string | null;
  branch_code: string | null;
  holder_name: string;
  account_number_encrypted: string;
}

interface LockedRun {
  id: string;
  rail: Rail;
  currency: string;
  execution_date: string;
  status: PaymentRunStatus;
}

/** The data of an entry the bank would refuse: retrying cannot help, the run fails at once. */
export class PaymentRunDataError extends Error {}

/**
 * Builds a run's bank file, exactly once (SPEC §5.7). The claim, the file, the `sent` marks and
 * the events commit in ONE transaction that holds the run row's lock: a crash at any point rolls
 * all of it back, a second execution of the same run waits for the lock and then finds it final,
 * and a concurrent run of the same rail skips the rows this one has locked (SKIP LOCKED).
 */
@Injectable()
export class PaymentRunExecution {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    private readonly encryption: FieldEncryption,
    private readonly env: Environment,
  ) {}

  async execute(runId: string): Promise<ExecutionOutcome> {
    const started = await this.markRunning(runId);
    if (started !== 'running') return started;
    return this.dataSource.transaction(async (manager) => {
      const run = await this.lockRun(manager, runId);
      if (!run) return 'missing';
      if (FINAL.includes(run.status)) return 'already_final';

      const held = await this.heldCities(manager, run.currency);
      const rows = (await manager.query(
        `SELECT d.id, d.amount_minor, d.payee_account_id, p.rail, p.account_type, p.routing_number,
                p.bank_code, p.branch_code, p.holder_name, p.account_number_encrypted
           FROM disbursements d
           LEFT JOIN payee_accounts p ON p.id = d.payee_account_id
          WHERE d.status = 'approved' AND d.currency = $1 AND d.payment_run_id IS NULL
            AND (p.city_id IS NULL OR p.city_id <> ALL($2::uuid[]))
          ORDER BY d.id
            FOR UPDATE OF d SKIP LOCKED`,
        [run.currency, held],
      )) as ClaimedRow[];
      if (rows.length === 0) return this.completeEmpty(manager, run);

      const amounts = rows.map((r) => Number(r.amount_minor));
      const totalMinor = amounts.reduce((a, b) => a + b, 0);
      const file = this.buildFile(run, rows, amounts);
      const fileSha256 = createHash('sha256').update(file).digest('hex');
      const fileName = `${run.rail === 'ach' ? 'nacha' : 'zengin'}-${run.execution_date.replace(/-/g, '')}-${run.id.slice(0, 8)}.txt`;
      const ids = rows.map((r) => r.id);

      await manager.query(
        `UPDATE payment_runs SET status = 'completed', entry_count = $2, total_minor = $3,
                file = $4, file_name = $5, file_sha256 = $6, completed_at = now()
          WHERE id = $1`,
        [run.id, rows.length, totalMinor, file, fileName, fileSha256],
      );
      await manager.query(
        `UPDATE disbursements SET status = 'sent', payment_run_id = $1, sent_at = now(),
                version = version + 1, updated_at = now()
          WHERE id = ANY($2::uuid[])`,
        [run.id, ids],
      );
      // One event per disbursement for integrators, in one statement; the account only masked.
      await manager.query(
        `INSERT INTO outbox (id, event_type, payload)
         SELECT gen_random_uuid(), 'disbursement.sent', jsonb_build_object(
                  'disbursementId', d.id, 'awardId', d.award_id, 'paymentRunId', d.payment_run_id,
                  'rail', $2::text, 'amountMinor', d.amount_minor, 'currency', d.currency,
                  'account', $3::text || p.account_number_last4,
                  'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
           FROM disbursements d JOIN payee_accounts p ON p.id = d.payee_account_id
          WHERE d.payment_run_id = $1`,
        [run.id, run.rail, maskLast4('')],
      );
      const summary = {
        runId: run.id,
        rail: run.rail,
        currency: run.currency,
        executionDate: run.execution_date,
        entryCount: rows.length,
        totalMinor,
        fileName,
        fileSha256,
      };
      await this.changeLog.record(manager, {
        actor: null,
        action: 'payment_run.completed',
        entity: { type: 'payment_run', id: run.id },
        data: summary,
        event: { type: 'payment_run.completed', payload: summary },
      });
      return 'completed';
    });
  }

  /** Marks a run that cannot complete as failed, with the reason; a final run stays as it is. */
  async fail(runId: string, reason: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const run = await this.lockRun(manager, runId);
      if (!run || FINAL.includes(run.status)) return false;
      const failureReason = reason.slice(0, 1000);
      await manager.query(
        `UPDATE payment_runs SET status = 'failed', failure_reason = $2, completed_at = now()
          WHERE id = $1`,
        [runId, failureReason],
      );
      await this.changeLog.record(manager, {
        actor: null,
        action: 'payment_run.failed',
        entity: { type: 'payment_run', id: runId },
        data: { rail: run.rail, failureReason },
      });
      return true;
    });
  }

  /** Its own short transaction, so `running` is visible while the file is being built. */
  private async markRunning(runId: string): Promise<ExecutionOutcome | 'running'> {
    return this.dataSource.transaction(async (manager) => {
      const run = await this.lockRun(manager, runId);
      if (!run) return 'missing';
      if (FINAL.includes(run.status)) return 'already_final';
      if (run.status === 'queued') {
        await manager.query(
          `UPDATE payment_runs SET status = 'running', started_at = now() WHERE id = $1`,
          [runId],
        );
        await this.changeLog.record(manager, {
          actor: null,
          action: 'payment_run.started',
          entity: { type: 'payment_run', id: runId },
          data: { rail: run.rail },
        });
      }
      return 'running';
    });
  }

  private async lockRun(manager: EntityManager, runId: string): Promise<LockedRun | undefined> {
    const [run] = (await manager.query(
      `SELECT id, rail, currency, to_char(execution_date, 'YYYY-MM-DD') AS execution_date, status
         FROM payment_runs WHERE id = $1 FOR UPDATE`,
      [runId],
    )) as LockedRun[];
    return run;
  }

  /**
   * The cities among this currency's approved payouts whose payouts are held (a refund due, an
   * overdue report; src/settlements/holds.ts): their payouts stay `approved` and go out in the
   * first run after the hold lifts. An approval given before the hold does not get past it.
   */
  private async heldCities(manager: EntityManager, currency: string): Promise<string[]> {
    const cities = (await manager.query(
      `SELECT DISTINCT p.city_id FROM disbursements d
         JOIN payee_accounts p ON p.id = d.payee_account_id
        WHERE d.status = 'approved' AND d.currency = $1 AND d.payment_run_id IS NULL`,
      [currency],
    )) as { city_id: string }[];
    const holds = await payoutHolds(
      manager,
      cities.map((c) => c.city_id),
    );
    return [...holds].filter(([, reasons]) => reasons.length > 0).map(([cityId]) => cityId);
  }

  private async completeEmpty(manager: EntityManager, run: LockedRun): Promise<'completed'> {
    await manager.query(
      `UPDATE payment_runs SET status = 'completed', completed_at = now() WHERE id = $1`,
      [run.id],
    );
    const summary = { runId: run.id, rail: run.rail, entryCount: 0, totalMinor: 0 };
    await this.changeLog.record(manager, {
      actor: null,
      action: 'payment_run.completed',
      entity: { type: 'payment_run', id: run.id },
      data: summary,
      event: { type: 'payment_run.completed', payload: { ...summary, fileSha256: null } },
    });
    return 'completed';
  }

  private buildFile(run: LockedRun, rows: ClaimedRow[], amounts: number[]): Buffer {
    for (const row of rows) {
      if (!row.payee_account_id || row.rail !== run.rail) {
        throw new PaymentRunDataError(`disbursement ${row.id} has no ${run.rail} payee account`);
      }
    }
    const accountNumber = (row: ClaimedRow) =>
      revealAccountNumber(this.encryption, {
        id: row.payee_account_id!,
        accountNumberEncrypted: row.account_number_encrypted,
      });
    try {
      if (run.rail === 'ach') {
        const entries = rows.map((row, i): NachaEntry => ({
          id: row.id,
          receiverName: row.holder_name,
          routingNumber: row.routing_number ?? '',
          accountType: row.account_type as NachaEntry['accountType'],
          accountNumber: accountNumber(row),
          amountCents: amounts[i],
        }));
        return buildNachaFile(
          {
            immediateDestination: this.env.NACHA_IMMEDIATE_DESTINATION,
            immediateDestinationName: this.env.NACHA_IMMEDIATE_DESTINATION_NAME,
            companyId: this.env.NACHA_COMPANY_ID,
            companyName: this.env.NACHA_COMPANY_NAME,
            originName: this.env.NACHA_ORIGIN_NAME,
            entryDescription: this.env.NACHA_ENTRY_DESCRIPTION,
            odfiRouting: this.env.NACHA_ODFI_ROUTING,
          },
          entries,
          { executionDate: run.execution_date, createdAt: new Date() },
        );
      }
      const entries = rows.map((row, i): ZenginEntry => ({
        id: row.id,
        bankCode: row.bank_code ?? '',
        branchCode: row.branch_code ?? '',
        accountType: row.account_type as ZenginEntry['accountType'],
        accountNumber: accountNumber(row),
        holderName: row.holder_name,
        amountYen: amounts[i],
      }));
      return buildZenginFile(
        {
          code: this.env.ZENGIN_SENDER_CODE,
          name: this.env.ZENGIN_SENDER_NAME,
          bankCode: this.env.ZENGIN_BANK_CODE,
          bankName: this.env.ZENGIN_BANK_NAME,
          branchCode: this.env.ZENGIN_BRANCH_CODE,
          branchName: this.env.ZENGIN_BRANCH_NAME,
          accountType: this.env.ZENGIN_ACCOUNT_TYPE,
          accountNumber: this.env.ZENGIN_ACCOUNT_NUMBER,
        },
        entries,
        { executionDate: run.execution_date },
      );
    } catch (error) {
      if (error instanceof BankFileEntryError || error instanceof ZenginEntryError) {
        throw new PaymentRunDataError(error.message);
      }
      throw error;
    }
  }
}
