import { ApiProperty } from '@nestjs/swagger';
import type { Bilingual } from '../../common/bilingual';
import { BilingualText } from '../../common/bilingual.dto';
import { CURRENCIES, type Currency, type Money } from '../../common/money/money';
import { renderInZones } from '../../common/time';
import { sortByCurrency } from '../round-rules';
import type { RoundBudget } from '../round-budget.entity';
import {
  ROUND_STATUSES,
  type RequiredReport,
  type Round,
  type RoundStatus,
  type RubricCriterion,
  type SettlementRule,
  type Tranche,
} from '../round.entity';
import {
  MoneyAmountDto,
  RequiredReportDto,
  RubricCriterionDto,
  SettlementRuleDto,
  TrancheDto,
} from './round.dto';

/** A round as the service hands it out: with its budgets and the zones to render times in. */
export interface RoundView {
  round: Round & { budgets: RoundBudget[] };
  /** JST first, then every US zone of an active partnership. */
  timeZones: string[];
}

const ZONED_EXAMPLE = {
  'Asia/Tokyo': '2026-12-01T09:00:00+09:00',
  'America/Los_Angeles': '2026-11-30T16:00:00-08:00',
};

export class RoundSchedule {
  @ApiProperty({
    description: 'opensAt on the wall clock of JST and of each US zone the partnerships use',
    example: ZONED_EXAMPLE,
  })
  opensAt: Record<string, string>;

  @ApiProperty({ description: 'closesAt, rendered the same way', example: ZONED_EXAMPLE })
  closesAt: Record<string, string>;
}

export class RoundResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  code: string;

  @ApiProperty({ type: BilingualText })
  title: Bilingual;

  @ApiProperty({ format: 'date-time', description: 'UTC' })
  opensAt: string;

  @ApiProperty({ format: 'date-time', description: 'UTC' })
  closesAt: string;

  @ApiProperty({ type: RoundSchedule })
  schedule: RoundSchedule;

  @ApiProperty({ type: [MoneyAmountDto] })
  budgets: Money[];

  @ApiProperty({ type: [MoneyAmountDto] })
  maxAward: Money[];

  @ApiProperty({ type: [RubricCriterionDto] })
  rubric: RubricCriterion[];

  @ApiProperty()
  reviewersPerApplication: number;

  @ApiProperty({ type: [TrancheDto] })
  trancheSchedule: Tranche[];

  @ApiProperty({ type: [RequiredReportDto] })
  reportsRequired: RequiredReport[];

  @ApiProperty({
    type: [SettlementRuleDto],
    description: 'Per currency; a currency without one settles at 100 %, unrounded, uncapped',
  })
  settlementRules: SettlementRule[];

  @ApiProperty({
    description: 'A budget move above this percent of the side’s award needs approval',
  })
  amendmentApprovalPercent: number;

  @ApiProperty({ enum: ROUND_STATUSES })
  status: RoundStatus;

  @ApiProperty({ description: 'Also the ETag' })
  version: number;

  static of({ round, timeZones }: RoundView): RoundResponse {
    const budgets = sortByCurrency(round.budgets);
    return {
      id: round.id,
      code: round.code,
      title: round.title,
      opensAt: round.opensAt.toISOString(),
      closesAt: round.closesAt.toISOString(),
      schedule: {
        opensAt: renderInZones(round.opensAt, timeZones),
        closesAt: renderInZones(round.closesAt, timeZones),
      },
      budgets: budgets.map((b) => ({ currency: b.currency, amountMinor: b.amountMinor })),
      maxAward: budgets.map((b) => ({ currency: b.currency, amountMinor: b.maxAwardMinor })),
      rubric: round.rubric,
      reviewersPerApplication: round.reviewersPerApplication,
      trancheSchedule: round.trancheSchedule,
      reportsRequired: round.reportsRequired,
      settlementRules: sortByCurrency(round.settlementRules ?? []),
      amendmentApprovalPercent: round.amendmentApprovalPercent,
      status: round.status,
      version: round.version,
    };
  }
}

export class RoundPage {
  @ApiProperty({ type: [RoundResponse] })
  data: RoundResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class CurrencyBudget {
  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty({ description: 'Minor units' })
  budgetMinor: number;

  @ApiProperty({ description: 'Committed by awards' })
  committedMinor: number;

  @ApiProperty({ description: 'Paid out: the sum of the round’s paid disbursements' })
  disbursedMinor: number;

  @ApiProperty({
    description: 'Refunds found by settlements (返還) and not yet received: amount − received',
  })
  refundsDueMinor: number;

  @ApiProperty({ description: 'Refunds received back' })
  refundedMinor: number;

  @ApiProperty({ description: 'budget − committed: what awards may still commit' })
  remainingMinor: number;
}

/** A round's budget row with the money that moved against it, as the budget query sums it. */
export interface BudgetRow {
  currency: Currency;
  amountMinor: number;
  committedMinor: number;
  /** Σ the round's `paid` disbursements in the currency. */
  disbursedMinor: number;
  /** Σ (amount − received) of its open (`due`) refunds. */
  refundsDueMinor: number;
  /** Σ received of its refunds. */
  refundedMinor: number;
}

export class RoundBudgetResponse {
  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ type: [CurrencyBudget] })
  budgets: CurrencyBudget[];

  static of(roundId: string, rows: readonly BudgetRow[]): RoundBudgetResponse {
    return {
      roundId,
      budgets: sortByCurrency(rows).map((row) => ({
        currency: row.currency,
        budgetMinor: row.amountMinor,
        committedMinor: row.committedMinor,
        disbursedMinor: row.disbursedMinor,
        refundsDueMinor: row.refundsDueMinor,
        refundedMinor: row.refundedMinor,
        // Exact: both are safe integers and the CHECK keeps committed within the budget.
        remainingMinor: row.amountMinor - row.committedMinor,
      })),
    };
  }
}
