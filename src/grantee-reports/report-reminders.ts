import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import { Environment } from '../config/environment';
import { MaintenanceJobs } from '../queues/maintenance';
import { QUEUES } from '../queues/queues';
import type { ReportReminder } from './report-reminder.entity';

export const REPORTS_OVERDUE_JOB = 'reports-overdue';
/** The `due` reminder goes out this many days before the due date. */
export const DUE_REMINDER_DAYS = 7;
/** Rows per transaction: keeps the audit chain lock short next to live traffic. */
const BATCH_SIZE = 200;
const DAY_MS = 86_400_000;

type ReminderType = ReportReminder['reminderType'];

interface QueuedReminder {
  reminder_id: string | null;
  award_id: string;
  kind: 'interim' | 'final';
  side: 'JP' | 'US';
  due_on: string;
  city_id: string;
}

export interface ReminderRun {
  markedOverdue: number;
  overdueReminders: number;
  dueReminders: number;
}

/** `YYYY-MM-DD` of the UTC day `offsetDays` after `now`'s. */
const utcDay = (now: Date, offsetDays = 0) =>
  new Date(now.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);

/**
 * Every required report of every award (its version in force's `reportsRequired`, the round's
 * for an award with no version row yet), per side: a JP and a US
 * slot, a joint report answering both. A slot is open until a report covering it is submitted or
 * accepted. `$1`..`$2` bound the due date (either may be null), `$3` is the reminder type; slots
 * already reminded of that type for that due date are left out, the rest locked in by the
 * insert. The unique index `ux_report_reminders_once` decides between concurrent workers: the
 * insert that loses finds the row and returns nothing.
 */
const QUEUE_REMINDERS = `
  WITH slots AS MATERIALIZED (
    SELECT a.id AS award_id, rr.kind, s.side, rr."dueOn" AS due_on,
           CASE s.side WHEN 'JP' THEN a.jp_city_id ELSE a.us_city_id END AS city_id
      FROM awards a
      JOIN rounds r ON r.id = a.round_id
      LEFT JOIN award_versions v ON v.award_id = a.id AND v.version = a.current_version
      CROSS JOIN LATERAL jsonb_to_recordset(COALESCE(v.reports_required, r.reports_required))
                 AS rr(kind varchar, "dueOn" date)
      CROSS JOIN (VALUES ('JP'::varchar), ('US'::varchar)) AS s(side)
     WHERE ($1::date IS NULL OR rr."dueOn" >= $1::date)
       AND ($2::date IS NULL OR rr."dueOn" <= $2::date)
       AND NOT EXISTS (
             SELECT 1 FROM grantee_reports g
              WHERE g.award_id = a.id AND g.kind = rr.kind AND g.side IN (s.side, 'joint')
                AND g.status IN ('submitted', 'accepted'))
       AND NOT EXISTS (
             SELECT 1 FROM report_reminders m
              WHERE m.award_id = a.id AND m.kind = rr.kind AND m.side = s.side
                AND m.due_on = rr."dueOn" AND m.reminder_type = $3)
     ORDER BY a.id, rr.kind, s.side, rr."dueOn"
     LIMIT $4
  ), inserted AS (
    INSERT INTO report_reminders (award_id, kind, side, due_on, reminder_type, queued_at)
    SELECT award_id, kind, side, due_on, $3, now() FROM slots
     ORDER BY award_id, kind, side, due_on
        ON CONFLICT DO NOTHING
    RETURNING id, award_id, kind, side, due_on
  )
  SELECT i.id AS reminder_id, s.award_id, s.kind, s.side,
         to_char(s.due_on, 'YYYY-MM-DD') AS due_on, s.city_id
    FROM slots s
    LEFT JOIN inserted i USING (award_id, kind, side, due_on)`;

/**
 * Grantee-report deadlines (SPEC §5.8): marks late drafts overdue and queues one `report.due`
 * reminder shortly before each due date and one `report.overdue` after it, per award, report kind
 * and side — once per due date however many workers run the job at the same time. The reminders
 * are outbox events; notifications e-mail the city from them.
 */
@Injectable()
export class ReportReminders implements OnModuleInit {
  private readonly log = new Logger(ReportReminders.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    private readonly jobs: MaintenanceJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.on(REPORTS_OVERDUE_JOB, () => this.run());
  }

  /** One pass over every award; safe to run concurrently and repeatedly. */
  async run(now = new Date()): Promise<ReminderRun> {
    const today = utcDay(now);
    const result: ReminderRun = {
      markedOverdue: await this.markOverdue(today),
      overdueReminders: await this.queueReminders('overdue', null, utcDay(now, -1)),
      dueReminders: await this.queueReminders('due', today, utcDay(now, DUE_REMINDER_DAYS)),
    };
    if (result.markedOverdue || result.overdueReminders || result.dueReminders) {
      this.log.log(result, 'report reminders queued');
    }
    return result;
  }

  /**
   * Stamps `overdueAt` on reports still with the grantee after their due date. The version (the
   * ETag) stays: the grantee's content did not change, and their pending edit should not fail.
   */
  private async markOverdue(today: string): Promise<number> {
    let marked = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const [rows] = (await manager.query(
          `UPDATE grantee_reports SET overdue_at = now()
            WHERE id IN (SELECT id FROM grantee_reports
                          WHERE status IN ('draft', 'changes_requested') AND due_on < $1::date
                            AND overdue_at IS NULL
                          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING id, award_id, kind, side, to_char(due_on, 'YYYY-MM-DD') AS due_on`,
          [today, BATCH_SIZE],
        )) as [{ id: string; award_id: string; kind: string; side: string; due_on: string }[]];
        for (const r of rows) {
          await this.changeLog.record(manager, {
            actor: null,
            action: 'report.marked_overdue',
            entity: { type: 'report', id: r.id },
            data: { awardId: r.award_id, kind: r.kind, side: r.side, dueOn: r.due_on },
          });
        }
        return rows.length;
      });
      marked += count;
      if (count < BATCH_SIZE) return marked;
    }
  }

  private async queueReminders(
    type: ReminderType,
    from: string | null,
    to: string | null,
  ): Promise<number> {
    let queued = 0;
    for (;;) {
      const { slots, inserted } = await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(QUEUE_REMINDERS, [
          from,
          to,
          type,
          BATCH_SIZE,
        ])) as QueuedReminder[];
        const won = rows.filter((r) => r.reminder_id !== null);
        for (const r of won) await this.record(manager, type, r);
        return { slots: rows.length, inserted: won.length };
      });
      queued += inserted;
      if (slots < BATCH_SIZE) return queued;
    }
  }

  private record(manager: EntityManager, type: ReminderType, r: QueuedReminder) {
    const payload = {
      awardId: r.award_id,
      kind: r.kind,
      side: r.side,
      dueOn: r.due_on,
      cityId: r.city_id,
    };
    return this.changeLog.record(manager, {
      actor: null,
      action: `report.${type}`,
      entity: { type: 'report_reminder', id: r.reminder_id! },
      data: payload,
      event: { type: `report.${type}`, payload },
    });
  }
}

/**
 * Puts the reminder pass on the maintenance queue (REPORTS_OVERDUE_CRON, UTC, as the due dates
 * are UTC days); upserting makes a restart harmless. Installed by worker.ts, not on module init,
 * for the reason the idempotency cleanup's schedule gives.
 */
@Injectable()
export class ReportRemindersSchedule {
  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly env: Environment,
  ) {}

  async install(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REPORTS_OVERDUE_JOB,
      { pattern: this.env.REPORTS_OVERDUE_CRON, tz: 'UTC' },
      { name: REPORTS_OVERDUE_JOB, opts: { attempts: 3 } },
    );
  }
}
