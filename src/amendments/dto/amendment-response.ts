import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Side } from '../../applications/application.entity';
import type { Bilingual } from '../../common/bilingual';
import { BilingualLongText } from '../../common/bilingual.dto';
import { CURRENCIES, type Currency } from '../../common/money/money';
import { RequiredReportDto, TrancheDto } from '../../rounds/dto/round.dto';
import type { RequiredReport, Tranche } from '../../rounds/round.entity';
import {
  AMENDMENT_KINDS,
  AMENDMENT_STATUSES,
  type AmendmentKind,
  type AmendmentStatus,
  type AwardAmendment,
} from '../award-amendment.entity';
import type { ApprovedBudgetLine, AwardVersion, VersionAmount } from '../award-version.entity';
import { AmendmentChangesDto } from './amendment.dto';

const SIDES: readonly Side[] = ['JP', 'US'];

export class AmendmentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  awardId: string;

  @ApiProperty({ enum: AMENDMENT_KINDS })
  kind: AmendmentKind;

  @ApiProperty({
    enum: AMENDMENT_STATUSES,
    description:
      '`recorded`: a budget move within the round’s share, in force at once; `requested` waits ' +
      'for the program office',
  })
  status: AmendmentStatus;

  @ApiProperty({ type: AmendmentChangesDto })
  changes: AmendmentChangesDto;

  @ApiProperty({ type: BilingualLongText })
  reason: Bilingual;

  @ApiProperty({ description: 'The award version the request was made against' })
  baseVersion: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The award version it made (approved or recorded)',
  })
  resultingVersion: number | null;

  @ApiProperty({ format: 'uuid' })
  requestedBy: string;

  @ApiProperty({ type: String, nullable: true, description: 'The requester’s display name' })
  requestedByName: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  decidedBy: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who decided it, by display name' })
  decidedByName: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  decisionNote: string | null;

  @ApiProperty({ description: 'The ETag’s value' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  /** `names`: display names by user id (`displayNames`), of the requester and decider at least. */
  static of(a: AwardAmendment, names: ReadonlyMap<string, string>): AmendmentResponse {
    return {
      id: a.id,
      awardId: a.awardId,
      kind: a.kind,
      status: a.status,
      changes: a.changes,
      reason: a.reason,
      baseVersion: a.baseVersion,
      resultingVersion: a.resultingVersion,
      requestedBy: a.requestedBy,
      requestedByName: names.get(a.requestedBy) ?? null,
      decidedBy: a.decidedBy,
      decidedByName: (a.decidedBy && names.get(a.decidedBy)) ?? null,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      decisionNote: a.decisionNote,
      version: a.version,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}

export class AmendmentPage {
  @ApiProperty({ type: [AmendmentResponse] })
  data: AmendmentResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class VersionAmountDto implements VersionAmount {
  @ApiProperty({ enum: SIDES })
  side: Side;

  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty()
  amountMinor: number;
}

export class ApprovedBudgetLineDto implements ApprovedBudgetLine {
  @ApiProperty({ enum: SIDES })
  side: Side;

  @ApiProperty()
  category: string;

  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty()
  amountMinor: number;
}

/** One version of an award's terms; the history is every version. */
export class AwardVersionResponse {
  @ApiProperty({ format: 'uuid' })
  awardId: string;

  @ApiProperty({ minimum: 1 })
  version: number;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The amendment that made it; null for version 1',
  })
  amendmentId: string | null;

  @ApiProperty({ type: [VersionAmountDto], description: 'Never changed by an amendment' })
  amounts: VersionAmount[];

  @ApiProperty({ type: [ApprovedBudgetLineDto] })
  budgetLines: ApprovedBudgetLine[];

  @ApiProperty({ type: [TrancheDto] })
  trancheSchedule: Tranche[];

  @ApiProperty({ type: [RequiredReportDto] })
  reportsRequired: RequiredReport[];

  @ApiProperty({ format: 'date' })
  startsOn: string;

  @ApiProperty({ format: 'date' })
  endsOn: string;

  @ApiProperty({ type: BilingualLongText })
  scope: Bilingual;

  @ApiProperty({ format: 'uuid' })
  createdBy: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ description: 'Whether this is the version in force' })
  current?: boolean;

  static of(v: AwardVersion, currentVersion?: number): AwardVersionResponse {
    return {
      awardId: v.awardId,
      version: v.version,
      amendmentId: v.amendmentId,
      amounts: v.amounts,
      budgetLines: v.budgetLines,
      trancheSchedule: v.trancheSchedule,
      reportsRequired: v.reportsRequired,
      startsOn: v.startsOn,
      endsOn: v.endsOn,
      scope: v.scope,
      createdBy: v.createdBy,
      createdAt: v.createdAt.toISOString(),
      ...(currentVersion !== undefined ? { current: v.version === currentVersion } : {}),
    };
  }
}

export class AwardVersionPage {
  @ApiProperty({ type: [AwardVersionResponse], description: 'Oldest first' })
  data: AwardVersionResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
