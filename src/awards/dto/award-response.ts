import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Side } from '../../applications/application.entity';
import type { Bilingual } from '../../common/bilingual';
import { BilingualText } from '../../common/bilingual.dto';
import { PageQuery } from '../../common/http/pagination';

import { CURRENCIES, type Currency, sumByCurrency } from '../../common/money/money';

import { TRANCHE_RELEASES, type TrancheRelease } from '../../rounds/round.entity';

import { DECISION_OUTCOMES, type DecisionOutcome } from '../application-decision.entity';

import type { ApplicationDecision } from '../application-decision.entity';
import type { AwardLine } from '../award-line.entity';
import { AWARD_STATUSES, type Award, type AwardStatus } from '../award.entity';
import {
  DISBURSEMENT_STATUSES,
  type Disbursement,
  type DisbursementStatus,
} from '../disbursement.entity';

import { trimRate } from '../fx';

import { AwardLineDto, SIDES } from './decision.dto';

/** An award with what its responses show: its lines, its disbursements, what has been paid. */
export interface AwardView {
  award: Award;
  lines: AwardLine[];
  /** Absent in list items (one query per page, not per award). */
  disbursements?: Disbursement[];
  /** Sum of `paid` disbursements per currency. */
  paid: { currency: Currency; amountMinor: number }[];
}

export class ListAwardsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Awards of partnerships with this city' })
  @IsOptional()
  @IsUUID()
  cityId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The award of this application (one at most)',
  })
  @IsOptional()
  @IsUUID()
  applicationId?: string;
}

export class ListDisbursementsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  awardId?: string;

  @ApiPropertyOptional({ enum: DISBURSEMENT_STATUSES })
  @IsOptional()
  @IsIn(DISBURSEMENT_STATUSES)
  status?: DisbursementStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'The disbursements a payment run sent' })
  @IsOptional()
  @IsUUID()
  paymentRunId?: string;
}

export class DisbursementResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  awardId: string;

  @ApiProperty({ description: 'The tranche key of the round’s schedule', example: 'advance' })
  tranche: string;

  @ApiProperty({ description: 'Position in the schedule, 0 = first' })
  trancheIndex: number;

  @ApiProperty({ enum: TRANCHE_RELEASES })
  releaseOn: TrancheRelease;

  @ApiProperty({ enum: SIDES })
  side: Side;

  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty()
  amountMinor: number;

  @ApiProperty({ enum: DISBURSEMENT_STATUSES })
  status: DisbursementStatus;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static of(d: Disbursement): DisbursementResponse {
    return {
      id: d.id,
      awardId: d.awardId,
      tranche: d.trancheKey,
      trancheIndex: d.trancheIndex,
      releaseOn: d.releaseOn,
      side: d.side,
      currency: d.currency,
      amountMinor: d.amountMinor,
      status: d.status,
      updatedAt: d.updatedAt.toISOString(),
    };
  }
}

export class AwardTotal {
  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty()
  awardedMinor: number;

  @ApiProperty({ description: 'Sum of paid disbursements' })
  disbursedMinor: number;

  @ApiProperty()
  remainingMinor: number;
}

export class AwardResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ format: 'uuid' })
  partnershipId: string;

  @ApiProperty({ type: BilingualText, description: 'The awarded application’s title' })
  applicationTitle: Bilingual;

  @ApiProperty({ format: 'uuid' })
  jpCityId: string;

  @ApiProperty({ format: 'uuid' })
  usCityId: string;

  @ApiProperty({ type: [AwardLineDto] })
  lines: AwardLineDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: '151.2345',
    description: 'Yen per US dollar on the decision day; null without a JPY line or a rate',
  })
  fxRateJpyPerUsd: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-04-01' })
  fxRateEffectiveOn: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The whole award in US cents at that rate; null when a JPY line has no rate',
  })
  usdTotalMinor: number | null;

  @ApiPropertyOptional({ type: [DisbursementResponse], description: 'Single award only' })
  disbursements?: DisbursementResponse[];

  @ApiProperty({ type: [AwardTotal] })
  totals: AwardTotal[];

  @ApiProperty({ format: 'uuid' })
  decidedBy: string;

  @ApiProperty({ enum: AWARD_STATUSES })
  status: AwardStatus;

  @ApiProperty({ description: 'The award version (terms) in force; amendments move it on' })
  currentVersion: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static of(view: AwardView): AwardResponse {
    const { award, lines, disbursements, paid } = view;
    const totals = sumByCurrency(lines).map((awarded) => {
      const disbursed = paid.find((p) => p.currency === awarded.currency)?.amountMinor ?? 0;
      return {
        currency: awarded.currency,
        awardedMinor: awarded.amountMinor,
        disbursedMinor: disbursed,
        remainingMinor: awarded.amountMinor - disbursed,
      };
    });
    return {
      id: award.id,
      applicationId: award.applicationId,
      roundId: award.roundId,
      partnershipId: award.partnershipId,
      applicationTitle: award.application!.title,
      jpCityId: award.jpCityId,
      usCityId: award.usCityId,
      lines: lines.map(({ side, currency, amountMinor }) => ({ side, currency, amountMinor })),
      fxRateJpyPerUsd: award.fxRateJpyPerUsd === null ? null : trimRate(award.fxRateJpyPerUsd),
      fxRateEffectiveOn: award.fxRateEffectiveOn,
      usdTotalMinor: award.usdTotalMinor,
      ...(disbursements ? { disbursements: disbursements.map(DisbursementResponse.of) } : {}),
      totals,
      decidedBy: award.decidedBy,
      status: award.status,
      currentVersion: award.currentVersion,
      createdAt: award.createdAt.toISOString(),
    };
  }
}

export class AwardPage {
  @ApiProperty({ type: [AwardResponse] })
  data: AwardResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class DecisionRecord {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DECISION_OUTCOMES })
  outcome: DecisionOutcome;

  @ApiProperty()
  rationale: string;

  @ApiProperty({ format: 'uuid' })
  decidedBy: string;

  @ApiProperty({ format: 'date-time' })
  decidedAt: string;
}

/** What a decision tells its caller beyond the award (no error), by a code callers can word. */
export const DECISION_NOTE_CODES = ['fx_rate_missing'] as const;
export type DecisionNoteCode = (typeof DECISION_NOTE_CODES)[number];

export interface DecisionNote {
  code: DecisionNoteCode;
  /** The note in English. */
  text: string;
}

/** What a decision returns: the application's new status, the decision, and any award. */
export class DecisionResponse {
  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ example: 'approved' })
  status: string;

  @ApiProperty({ type: DecisionRecord })
  decision: DecisionRecord;

  @ApiProperty({ type: AwardResponse, nullable: true })
  award: AwardResponse | null;

  @ApiProperty({
    type: [String],
    description: 'Things the caller should know, in English, e.g. no FX rate for the USD total yet',
  })
  notes: string[];

  @ApiProperty({
    enum: DECISION_NOTE_CODES,
    isArray: true,
    description:
      'A stable code for each of `notes`, in the same order, to word in the reader’s language: ' +
      '`fx_rate_missing` — no USD→JPY rate is recorded on or before the decision day, so ' +
      '`award.usdTotalMinor` is null until Finance records one',
  })
  noteCodes: DecisionNoteCode[];

  static of(
    decision: ApplicationDecision,
    status: string,
    award: AwardView | null,
    notes: DecisionNote[],
  ): DecisionResponse {
    return {
      applicationId: decision.applicationId,
      status,
      decision: {
        id: decision.id,
        outcome: decision.outcome,
        rationale: decision.rationale,
        decidedBy: decision.decidedBy,
        decidedAt: decision.decidedAt.toISOString(),
      },
      award: award ? AwardResponse.of(award) : null,
      notes: notes.map((note) => note.text),
      noteCodes: notes.map((note) => note.code),
    };
  }
}
