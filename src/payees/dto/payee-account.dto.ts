import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../../common/http/pagination';

import type { Currency } from '../../common/money/money';
import { RAILS, type PayeeAccount, type Rail } from '../payee-account.entity';

export const ACH_ACCOUNT_TYPES = ['checking', 'savings'] as const;
export const ZENGIN_ACCOUNT_TYPES = ['ordinary', 'current', 'savings'] as const;
export const PAYEE_ACCOUNT_STATUSES = ['unverified', 'verified', 'disabled'] as const;

/** The currency each rail pays in (SPEC §5.7: ACH ↔ USD, Zengin ↔ JPY). */
export const RAIL_CURRENCY: Record<Rail, Currency> = { ach: 'USD', zengin: 'JPY' };

const isAch = (o: CreatePayeeAccountDto) => o.rail === 'ach';
const isZengin = (o: CreatePayeeAccountDto) => o.rail === 'zengin';

/**
 * One body for both rails; the fields of the other rail are refused by the service, which also
 * checks what a pattern cannot (ABA check digit, the Zengin bank/branch data set, kana).
 */
export class CreatePayeeAccountDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  cityId: string;

  @ApiProperty({ enum: RAILS })
  @IsIn(RAILS)
  rail: Rail;

  @ApiProperty({
    enum: [...new Set([...ACH_ACCOUNT_TYPES, ...ZENGIN_ACCOUNT_TYPES])],
    description: 'ACH: checking|savings; Zengin: ordinary|current|savings',
  })
  @IsIn([...ACH_ACCOUNT_TYPES, ...ZENGIN_ACCOUNT_TYPES])
  accountType: string;

  @ApiProperty({
    example: '6789012345',
    description: 'ACH: 4–17 digits; Zengin: exactly 7 digits. Stored encrypted, never returned.',
  })
  @IsString()
  @Matches(/^\d{4,17}$/, { message: 'accountNumber must be 4 to 17 digits' })
  accountNumber: string;

  @ApiPropertyOptional({
    example: '011000015',
    description: 'ACH: 9 digits with a valid ABA check digit',
  })
  @ValidateIf((o: CreatePayeeAccountDto) => isAch(o) || o.routingNumber !== undefined)
  @IsString()
  @Matches(/^\d{9}$/, { message: 'routingNumber must be 9 digits' })
  routingNumber?: string;

  @ApiPropertyOptional({
    example: 'JANE Q PUBLIC',
    description: 'ACH: 1–22 characters once upper-cased and stripped of accents',
  })
  @ValidateIf((o: CreatePayeeAccountDto) => isAch(o) || o.holderName !== undefined)
  @IsString()
  @MaxLength(60)
  holderName?: string;

  @ApiPropertyOptional({ example: '0001', description: 'Zengin: 4-digit bank code' })
  @ValidateIf((o: CreatePayeeAccountDto) => isZengin(o) || o.bankCode !== undefined)
  @IsString()
  @Matches(/^\d{4}$/, { message: 'bankCode must be 4 digits' })
  bankCode?: string;

  @ApiPropertyOptional({ example: '001', description: 'Zengin: 3-digit branch code' })
  @ValidateIf((o: CreatePayeeAccountDto) => isZengin(o) || o.branchCode !== undefined)
  @IsString()
  @Matches(/^\d{3}$/, { message: 'branchCode must be 3 digits' })
  branchCode?: string;

  @ApiPropertyOptional({
    example: 'ナガサキシ',
    description:
      'Zengin: the holder in kana; hiragana, full-width katakana and latin are converted to ' +
      'half-width katakana (at most 30 characters in the Zengin character set)',
  })
  @ValidateIf((o: CreatePayeeAccountDto) => isZengin(o) || o.holderNameKana !== undefined)
  @IsString()
  @MaxLength(60)
  holderNameKana?: string;
}

export class ListPayeeAccountsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cityId?: string;

  @ApiPropertyOptional({ enum: RAILS })
  @IsOptional()
  @IsIn(RAILS)
  rail?: Rail;

  @ApiPropertyOptional({ enum: PAYEE_ACCOUNT_STATUSES })
  @IsOptional()
  @IsIn(PAYEE_ACCOUNT_STATUSES)
  status?: PayeeAccount['status'];
}

/** A payee account as every response shows it: the number only ever masked. */
export class PayeeAccountResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  cityId: string;

  @ApiProperty({ enum: RAILS })
  rail: Rail;

  @ApiProperty({ enum: ['USD', 'JPY'] })
  currency: Currency;

  @ApiProperty()
  accountType: string;

  @ApiProperty({ type: String, nullable: true, description: 'ACH only' })
  routingNumber: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Zengin only' })
  bankCode: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Zengin only' })
  branchCode: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Zengin only, from zengin-code' })
  bankName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Zengin only, from zengin-code' })
  branchName: string | null;

  @ApiProperty({ description: 'ACH: upper-case ASCII; Zengin: half-width katakana' })
  holderName: string;

  @ApiProperty({ example: '•••• 6789' })
  accountNumberMasked: string;

  @ApiProperty({ enum: PAYEE_ACCOUNT_STATUSES })
  status: PayeeAccount['status'];

  @ApiProperty({ format: 'uuid' })
  enteredBy: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  verifiedBy: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  verifiedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class PayeeAccountPage {
  @ApiProperty({ type: [PayeeAccountResponse] })
  data: PayeeAccountResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
