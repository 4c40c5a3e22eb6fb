import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { Side } from '../../applications/application.entity';
import { SIDES } from '../../awards/dto/decision.dto';
import { PageQuery } from '../../common/http/pagination';
import { CURRENCIES, type Currency } from '../../common/money/money';
import { REFUND_STATUSES, type Refund, type RefundStatus } from '../refund.entity';

export class ListRefundsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REFUND_STATUSES })
  @IsOptional()
  @IsIn(REFUND_STATUSES)
  status?: RefundStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'The city that owes it' })
  @IsOptional()
  @IsUUID()
  cityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  awardId?: string;
}

/** Money back from the city: all that is outstanding, or part of it (several receipts add up). */
export class ReceiveRefundDto {
  @ApiProperty({
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Minor units received, in the refund’s currency; at most what is outstanding',
  })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor: number;

  @ApiProperty({
    example: '2026-12-01',
    description: 'The day the bank received it; not later than today',
  })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'receivedOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'receivedOn must be a real calendar date' })
  receivedOn: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 100,
    description: 'The bank’s reference for the transfer in',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  bankReference: string;
}

export class CancelRefundDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, description: 'Why what is outstanding is waived' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

/** A refund due from a city (返還), and what has come back of it. */
export class RefundResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  awardId: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The settlement that found it; null for a refund of a cancelled award',
  })
  settlementId: string | null;

  @ApiProperty({ format: 'uuid', description: 'The city that owes it' })
  cityId: string;

  @ApiProperty({ enum: SIDES })
  side: Side;

  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty({ description: 'What is owed, minor units' })
  amountMinor: number;

  @ApiProperty({ description: 'Received so far' })
  receivedMinor: number;

  @ApiProperty({ description: 'amount − received while due; 0 once received or cancelled' })
  outstandingMinor: number;

  @ApiProperty({ enum: REFUND_STATUSES })
  status: RefundStatus;

  @ApiProperty({ example: '2026-12-01' })
  dueOn: string;

  @ApiProperty({ type: String, nullable: true, description: 'The day of the latest receipt' })
  receivedOn: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The latest receipt’s bank reference' })
  bankReference: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  recordedBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelReason: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  cancelledBy: string | null;

  @ApiProperty({ format: 'uuid' })
  createdBy: string;

  @ApiProperty({ description: 'Also the ETag: send it as If-Match to receive or cancel' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static of(r: Refund): RefundResponse {
    return {
      id: r.id,
      awardId: r.awardId,
      settlementId: r.settlementId,
      cityId: r.cityId,
      side: r.side,
      currency: r.currency,
      amountMinor: r.amountMinor,
      receivedMinor: r.receivedMinor,
      outstandingMinor: r.status === 'due' ? r.amountMinor - r.receivedMinor : 0,
      status: r.status,
      dueOn: r.dueOn,
      receivedOn: r.receivedOn,
      bankReference: r.bankReference,
      recordedBy: r.recordedBy,
      cancelReason: r.cancelReason,
      cancelledBy: r.cancelledBy,
      createdBy: r.createdBy,
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }
}

export class RefundPage {
  @ApiProperty({ type: [RefundResponse] })
  data: RefundResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
