import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import { Environment } from '../config/environment';
import { MaintenanceJobs } from '../queues/maintenance';
import { QUEUES } from '../queues/queues';
import { ExportGenerator, type RunOutcome } from './export-generator';
import type { ExportFormat } from './export.entity';

/** The maintenance job's name, and the id of its scheduler. */
export const MONTHLY_LEDGER_JOB = 'exports-monthly-ledger';
const LEDGER_FORMAT: ExportFormat = 'csv';

/**
 * The disbursement ledger exported every month on EXPORT_LEDGER_CRON (SPEC §5.9): a snapshot of
 * every disbursement as of the run, one export per month whatever the number of workers.
 */
@Injectable()
export class MonthlyLedger implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    private readonly env: Environment,
    private readonly generator: ExportGenerator,
    private readonly maintenance: MaintenanceJobs,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    this.maintenance.on(MONTHLY_LEDGER_JOB, (job) => this.run(job));
  }

  /** Creates the month's export (or finds it) and generates it unless it is done or running. */
  async run(
    job: Pick<Job, 'timestamp' | 'opts'>,
  ): Promise<{ exportId: string; outcome: RunOutcome }> {
    // The month the run was due in, even when the worker picks it up late.
    const dueAt = new Date(job.timestamp + (job.opts.delay ?? 0));
    const exportId = await this.createForMonth(dueAt);
    return { exportId, outcome: await this.generator.run(exportId) };
  }

  /**
   * Puts the schedule on the maintenance queue (upserting makes a restart harmless), or removes it
   * when the cron is `off`. Called by worker.ts, not on module init: a repeatable job's delayed
   * next run would keep an in-process test worker's queues from draining.
   */
  async install(): Promise<void> {
    const cron = this.env.EXPORT_LEDGER_CRON.trim();
    if (cron === 'off') {
      await this.queue.removeJobScheduler(MONTHLY_LEDGER_JOB);
      return;
    }
    await this.queue.upsertJobScheduler(
      MONTHLY_LEDGER_JOB,
      { pattern: cron, tz: 'UTC' },
      { name: MONTHLY_LEDGER_JOB, opts: { attempts: 3 } },
    );
  }

  /**
   * The id of the ledger export of `now`'s month (UTC), created by whichever worker gets there
   * first: the unique index on (type, scheduled_for) makes every other insert a no-op.
   */
  async createForMonth(now: Date): Promise<string> {
    const month = `${now.toISOString().slice(0, 7)}-01`;
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO exports (type, format, scheduled_for) VALUES ('disbursement_ledger', $1, $2)
         ON CONFLICT (type, scheduled_for) WHERE scheduled_for IS NOT NULL DO NOTHING
         RETURNING id`,
        [LEDGER_FORMAT, month],
      )) as { id: string }[];
      if (inserted.length === 0) {
        const [existing] = (await manager.query(
          `SELECT id FROM exports WHERE type = 'disbursement_ledger' AND scheduled_for = $1`,
          [month],
        )) as { id: string }[];
        return existing.id;
      }
      await this.changeLog.record(manager, {
        actor: null,
        action: 'export.scheduled',
        entity: { type: 'export', id: inserted[0].id },
        data: { type: 'disbursement_ledger', format: LEDGER_FORMAT, scheduledFor: month },
      });
      return inserted[0].id;
    });
  }
}
