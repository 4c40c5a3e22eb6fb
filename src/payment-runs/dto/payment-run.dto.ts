import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../../common/http/pagination';

import { CURRENCIES, type Currency } from '../../common/money/money';

import { RAILS, type Rail } from '../../payees/payee-account.entity';

import {
  PAYMENT_RUN_STATUSES,
  type PaymentRun,
  type PaymentRunStatus,
} from '../payment-run.entity';

export class CreatePaymentRunDto {
  @ApiProperty({ enum: RAILS, description: 'ach pays USD disbursements, zengin JPY ones' })
  @IsIn(RAILS)
  rail: Rail;

  @ApiProperty({
    example: '2031-04-09',
    description: 'YYYY-MM-DD (UTC), today up to 60 days ahead: the effective/transfer date',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'executionDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  executionDate: string;
}

export class ListPaymentRunsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PAYMENT_RUN_STATUSES })
  @IsOptional()
  @IsIn(PAYMENT_RUN_STATUSES)
  status?: PaymentRunStatus;

  @ApiPropertyOptional({ enum: RAILS })
  @IsOptional()
  @IsIn(RAILS)
  rail?: Rail;
}

export class PaymentRunResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: RAILS })
  rail: Rail;

  @ApiProperty({ enum: PAYMENT_RUN_STATUSES })
  status: PaymentRunStatus;

  @ApiProperty({ description: 'Disbursements in the file (0 when none was approved)' })
  entryCount: number;

  @ApiProperty({ description: 'Sum of the entries in minor units of `currency`' })
  totalMinor: number;

  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty({ example: '2031-04-09' })
  executionDate: string;

  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 (hex) of the file' })
  fileSha256: string | null;

  @ApiProperty({ nullable: true, type: String })
  fileName: string | null;

  @ApiProperty({ nullable: true, type: String })
  failureReason: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ nullable: true, type: String })
  startedAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  completedAt: string | null;

  static of(run: PaymentRun): PaymentRunResponse {
    return {
      id: run.id,
      rail: run.rail,
      status: run.status,
      entryCount: run.entryCount,
      totalMinor: run.totalMinor,
      currency: run.currency,
      executionDate: run.executionDate,
      fileSha256: run.fileSha256,
      fileName: run.fileName,
      failureReason: run.failureReason,
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      completedAt: run.completedAt?.toISOString() ?? null,
    };
  }
}

export class PaymentRunPage {
  @ApiProperty({ type: [PaymentRunResponse] })
  data: PaymentRunResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
