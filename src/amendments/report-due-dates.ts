import type { EntityManager } from 'typeorm';
import type { RequiredReport } from '../rounds/round.entity';

export interface MovedReport {
  reportId: string;
  kind: 'interim' | 'final';
  side: 'JP' | 'US' | 'joint';
  from: string;
  to: string;
}

/**
 * Report due dates follow the award's version in force: each report of the award not yet
 * accepted takes its kind's due date from `reportsRequired` (the first of that kind, as a new
 * report does). A report whose new date is today or later is no longer overdue. The report's
 * version (its ETag) stays, as when the overdue job stamps it: the grantee's content is unchanged.
 * Runs in the caller's transaction, which holds the award's lock.
 */
export async function moveReportDueDates(
  manager: EntityManager,
  awardId: string,
  reportsRequired: readonly RequiredReport[],
  today: string,
): Promise<MovedReport[]> {
  const firstDue = new Map<string, string>();
  for (const r of reportsRequired) if (!firstDue.has(r.kind)) firstDue.set(r.kind, r.dueOn);
  const reports = (await manager.query(
    `SELECT id, kind, side, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM grantee_reports
      WHERE award_id = $1 AND status <> 'accepted' ORDER BY id FOR UPDATE`,
    [awardId],
  )) as { id: string; kind: 'interim' | 'final'; side: 'JP' | 'US' | 'joint'; due_on: string }[];
  const moved: MovedReport[] = [];
  for (const report of reports) {
    const to = firstDue.get(report.kind);
    if (!to || to === report.due_on) continue;
    await manager.query(
      `UPDATE grantee_reports
          SET due_on = $2::date,
              overdue_at = CASE WHEN $2::date >= $3::date THEN NULL ELSE overdue_at END
        WHERE id = $1`,
      [report.id, to, today],
    );
    moved.push({
      reportId: report.id,
      kind: report.kind,
      side: report.side,
      from: report.due_on,
      to,
    });
  }
  return moved;
}
