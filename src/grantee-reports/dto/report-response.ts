import { ApiProperty } from '@nestjs/swagger';
import type { Bilingual } from '../../common/bilingual';
import { BilingualLongText, BilingualText } from '../../common/bilingual.dto';
import { CURRENCIES, type Currency } from '../../common/money/money';
import type { ExpenseComparison } from '../expense-comparison';
import { REPORT_STATUSES, type GranteeReport, type ReportStatus } from '../grantee-report.entity';
import {
  ExpenseDto,
  REPORT_KINDS,
  REPORT_SIDES,
  type ReportKind,
  type ReportSide,
} from './report.dto';

/** A report with its expenses set against the award. */
export interface ReportView {
  report: GranteeReport;
  expenseComparison: ExpenseComparison[];
  /** Display names by user id: of who started it and who reviewed it at least. */
  names: ReadonlyMap<string, string>;
}

/** A report of a list, with the awarded project's title (a list names what it lists). */
export interface ReportListView extends ReportView {
  applicationTitle: Bilingual;
}

export class ExpenseComparisonDto {
  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty({ description: 'The award lines of the report’s side(s) in this currency' })
  awardedMinor: number;

  @ApiProperty({ description: 'Sum of the report’s expenses in this currency' })
  spentMinor: number;

  @ApiProperty({ description: 'Spent more than awarded (flagged, not refused)' })
  overspent: boolean;
}

export class ReportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind: ReportKind;
  @ApiProperty({ enum: REPORT_SIDES }) side: ReportSide;
  @ApiProperty({ type: BilingualLongText }) narrative: Bilingual;
  @ApiProperty({ type: [ExpenseDto] }) expenses: ExpenseDto[];
  @ApiProperty({ type: [ExpenseComparisonDto] }) expenseComparison: ExpenseComparisonDto[];
  @ApiProperty({ enum: REPORT_STATUSES }) status: ReportStatus;
  @ApiProperty({ example: '2027-12-31', description: 'From the round’s reportsRequired' })
  dueOn: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the overdue job found it late',
  })
  overdueAt: string | null;

  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who started it, by display name' })
  createdByName: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reviewedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The reviewing officer’s name' })
  reviewedByName: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The officer’s last request' })
  changesMessage: string | null;

  @ApiProperty({ description: 'The ETag value' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static of({ report: r, expenseComparison, names }: ReportView): ReportResponse {
    return {
      id: r.id,
      awardId: r.awardId,
      kind: r.kind,
      side: r.side,
      narrative: r.narrative,
      expenses: r.expenses,
      expenseComparison,
      status: r.status,
      dueOn: r.dueOn,
      overdueAt: r.overdueAt?.toISOString() ?? null,
      createdBy: r.createdBy,
      createdByName: names.get(r.createdBy) ?? null,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      reviewedBy: r.reviewedBy,
      reviewedByName: (r.reviewedBy && names.get(r.reviewedBy)) ?? null,
      reviewedAt: r.reviewedAt?.toISOString() ?? null,
      changesMessage: r.changesMessage,
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }
}

export class AcceptedReportResponse extends ReportResponse {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The held tranches the acceptance released (now `scheduled`)',
  })
  releasedDisbursementIds: string[];
}

export class ReportListItem extends ReportResponse {
  @ApiProperty({ type: BilingualText, description: 'The awarded application’s title' })
  applicationTitle: Bilingual;

  static ofListed(view: ReportListView): ReportListItem {
    return { ...ReportResponse.of(view), applicationTitle: view.applicationTitle };
  }
}

export class ReportPage {
  @ApiProperty({ type: [ReportListItem] })
  data: ReportListItem[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
