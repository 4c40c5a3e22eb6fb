import type { Schemas } from '../../api/client';

type Report = Schemas['ReportResponse'];
export type ReportKind = Report['kind'];
export type ReportSide = Report['side'];

/**
 * The report that already takes this slot: one report per kind and side, and a joint report
 * stands for both sides (the API refuses a second one with 409).
 */
export function clashingReport(
  reports: Report[],
  kind: ReportKind,
  side: ReportSide,
): Report | undefined {
  return reports.find(
    (r) => r.kind === kind && (side === 'joint' || r.side === 'joint' || r.side === side),
  );
}
