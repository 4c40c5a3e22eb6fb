import { ApiProperty } from '@nestjs/swagger';
import { CURRENCIES, type Currency } from '../../common/money/money';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  type Side,
} from '../../applications/application.entity';
import type { Bilingual } from '../../common/bilingual';
import { BilingualText } from '../../common/bilingual.dto';

export class RequestedAmountResponse {
  @ApiProperty({ enum: ['JP', 'US'] }) side: Side;
  @ApiProperty({ enum: CURRENCIES }) currency: Currency;
  @ApiProperty({ description: 'Minor units (USD cents, yen)' }) amountMinor: number;
}

export class RankingRow {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty({ type: BilingualText }) title: Bilingual;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: ApplicationStatus;
  @ApiProperty() reviewsSubmitted: number;
  @ApiProperty({ description: 'Assigned and not declined (submitted included)' })
  reviewsAssigned: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean weighted score, 0..1' })
  weightedMean: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Mean of the per-reviewer z-scores of its reviews; null without reviews',
  })
  normalizedScore: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Highest − lowest weighted score' })
  spread: number | null;
  @ApiProperty() needsDiscussion: boolean;
  @ApiProperty({ type: [RequestedAmountResponse] }) requested: RequestedAmountResponse[];
  @ApiProperty({ description: '1..n by normalised score, then weighted mean, then id' })
  rank: number;
}

export class RankingResponse {
  @ApiProperty({ type: [RankingRow] }) data: RankingRow[];
}
