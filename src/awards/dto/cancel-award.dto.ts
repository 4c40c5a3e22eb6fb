import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CURRENCIES, type Currency } from '../../common/money/money';
import { RefundResponse } from '../../settlements/dto/refund.dto';
import { AWARD_STATUSES, type AwardStatus } from '../award.entity';
import { DisbursementResponse } from './award-response';

export class CancelAwardDto {
  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Ask each side back for what it has been paid (a refund due per side)',
  })
  @IsOptional()
  @IsBoolean()
  recoverPaid?: boolean;
}

export class ReleasedBudget {
  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty({ description: 'Commitment released back to the round, minor units' })
  amountMinor: number;
}

/** What cancelling an award did. */
export class AwardCancellationResponse {
  @ApiProperty({ format: 'uuid' })
  awardId: string;

  @ApiProperty({ enum: AWARD_STATUSES, example: 'cancelled' })
  status: AwardStatus;

  @ApiProperty()
  cancelReason: string;

  @ApiProperty({ format: 'uuid' })
  cancelledBy: string;

  @ApiProperty({ format: 'date-time' })
  cancelledAt: string;

  @ApiProperty({
    type: [DisbursementResponse],
    description: 'The tranches that will now never be paid, cancelled',
  })
  cancelledDisbursements: DisbursementResponse[];

  @ApiProperty({
    type: [ReleasedBudget],
    description: 'Per currency, the round budget’s commitment released (what was never paid)',
  })
  releasedBudget: ReleasedBudget[];

  @ApiProperty({
    type: [RefundResponse],
    description: 'With recoverPaid: a refund due per side that had been paid',
  })
  refunds: RefundResponse[];

  @ApiProperty({
    type: [String],
    description: 'Open amendment requests of the award, declined ("award cancelled")',
  })
  declinedAmendmentIds: string[];
}
