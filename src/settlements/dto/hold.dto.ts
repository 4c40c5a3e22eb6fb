import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SIDES } from '../../awards/dto/decision.dto';
import { CURRENCIES, type Currency } from '../../common/money/money';
import type { Side } from '../../applications/application.entity';
import { HOLD_CODES, type HoldCode, type PayoutHold, type PayoutHoldReason } from '../holds';

export class PayoutHoldReasonDto {
  @ApiProperty({
    enum: HOLD_CODES,
    description:
      '`refund_due`: a refund of the city is due; `report_overdue`: a report of an active award ' +
      'is past its due date',
  })
  code: HoldCode;

  @ApiProperty({ format: 'uuid' })
  awardId: string;

  @ApiProperty({ enum: SIDES, description: 'The side of the award the city is' })
  side: Side;

  @ApiProperty({ example: '2026-12-01', description: 'Due since (refund) or due on (report)' })
  dueOn: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'refund_due' })
  refundId?: string;

  @ApiPropertyOptional({ description: 'refund_due: what is still outstanding, minor units' })
  outstandingMinor?: number;

  @ApiPropertyOptional({ enum: CURRENCIES, description: 'refund_due' })
  currency?: Currency;

  @ApiPropertyOptional({ enum: ['interim', 'final'], description: 'report_overdue' })
  reportKind?: 'interim' | 'final';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'report_overdue: the late report, when the grantee started one',
  })
  reportId?: string;

  @ApiProperty({ example: 'refund of JPY 50,000 due since 2026-12-01' })
  detail: string;
}

/** Whether the payouts of a city are held, and why. */
export class PayoutHoldDto {
  @ApiProperty()
  held: boolean;

  @ApiProperty({ type: [PayoutHoldReasonDto] })
  reasons: PayoutHoldReasonDto[];

  static of(hold: PayoutHold): PayoutHoldDto {
    return { held: hold.held, reasons: hold.reasons.map(reasonOf) };
  }
}

export class CityHoldsResponse extends PayoutHoldDto {
  @ApiProperty({ format: 'uuid' })
  cityId: string;
}

const reasonOf = (r: PayoutHoldReason): PayoutHoldReasonDto => ({ ...r });
