import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { DisbursementResponse } from '../../awards/dto/award-response';
import { PayoutHoldDto } from '../../settlements/dto/hold.dto';
import type { PayoutHold } from '../../settlements/holds';

import type { Disbursement } from '../../awards/disbursement.entity';
import type { DisbursementApproval } from '../../awards/disbursement-approval.entity';

export class RequestDisbursementDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A verified account of the side’s city, on the rail of the currency',
  })
  @IsUUID()
  payeeAccountId: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export const SETTLEMENT_RESULTS = ['paid', 'failed'] as const;

export class SettleDisbursementDto {
  @ApiProperty({ enum: SETTLEMENT_RESULTS })
  @IsIn(SETTLEMENT_RESULTS)
  result: (typeof SETTLEMENT_RESULTS)[number];

  @ApiProperty({
    minLength: 1,
    maxLength: 100,
    description: 'The bank’s reference for the transfer',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  bankReference: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Required when the result is failed' })
  @ValidateIf((o: SettleDisbursementDto) => o.result === 'failed' || o.failureReason !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  failureReason?: string;
}

export class ApprovalRecord {
  @ApiProperty({ format: 'uuid' })
  approverId: string;

  @ApiProperty({ type: String, nullable: true, description: 'The approver’s display name' })
  approverName: string | null;

  @ApiProperty({ format: 'date-time' })
  approvedAt: string;
}

/** A disbursement with where its payout workflow stands (SPEC §5.7). */
export class DisbursementWorkflowResponse extends DisbursementResponse {
  @ApiProperty({ description: 'Counts the requests made so far (a failed payout is re-requested)' })
  requestSeq: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  payeeAccountId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  requestedBy: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The requester’s display name' })
  requestedByName: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  requestedAt: string | null;

  @ApiProperty({ type: [ApprovalRecord], description: 'Approvals of the current request' })
  approvals: ApprovalRecord[];

  @ApiProperty({ description: 'Approvals the current request needs: 1, or 2 above the threshold' })
  approvalsRequired: number;

  @ApiProperty({ type: String, nullable: true })
  rejectionReason: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  paymentRunId: string | null;

  @ApiProperty({ type: String, nullable: true })
  bankReference: string | null;

  @ApiProperty({ type: String, nullable: true })
  failureReason: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  settledAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelReason: string | null;

  @ApiProperty({
    type: PayoutHoldDto,
    description:
      'Whether payouts to the side’s city are held (a refund due, an overdue report) and why; ' +
      'a held city’s payouts are neither requested nor approved (422)',
  })
  hold: PayoutHoldDto;

  static ofWorkflow(
    d: Disbursement,
    approvals: DisbursementApproval[],
    approvalsRequired: number,
    hold: PayoutHold,
    names: ReadonlyMap<string, string>,
  ): DisbursementWorkflowResponse {
    return {
      ...DisbursementResponse.of(d),
      requestSeq: d.requestSeq,
      payeeAccountId: d.payeeAccountId,
      requestedBy: d.requestedBy,
      requestedByName: (d.requestedBy && names.get(d.requestedBy)) ?? null,
      requestedAt: d.requestedAt?.toISOString() ?? null,
      approvals: approvals.map((a) => ({
        approverId: a.approverId,
        approverName: names.get(a.approverId) ?? null,
        approvedAt: a.approvedAt.toISOString(),
      })),
      approvalsRequired,
      rejectionReason: d.rejectionReason,
      paymentRunId: d.paymentRunId,
      bankReference: d.bankReference,
      failureReason: d.failureReason,
      settledAt: d.settledAt?.toISOString() ?? null,
      cancelReason: d.cancelReason,
      hold: PayoutHoldDto.of(hold),
    };
  }
}

export class DisbursementPage {
  @ApiProperty({ type: [DisbursementWorkflowResponse] })
  data: DisbursementWorkflowResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
