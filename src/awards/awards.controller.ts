import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { AWARD_CANCELLERS, AWARD_READERS, AWARD_SCOPES } from './access';
import { AwardCancellationService } from './award-cancellation.service';
import { AwardsService } from './awards.service';
import {
  AwardPage,
  AwardResponse,
  DisbursementResponse,
  ListAwardsQuery,
} from './dto/award-response';
import { AwardCancellationResponse, CancelAwardDto } from './dto/cancel-award.dto';
import { RefundResponse } from '../settlements/dto/refund.dto';
import { IdParam } from '../common/http/id-param';
import { OneTransaction } from '../common/http/idempotency/idempotency.interceptor';

@ApiTags('awards')
@Controller('awards')
export class AwardsController {
  constructor(
    private readonly awards: AwardsService,
    private readonly cancellations: AwardCancellationService,
  ) {}

  @Get()
  @Allow(AWARD_READERS, { scopes: AWARD_SCOPES })
  @ApiOperation({ summary: 'List awards, newest first (without their disbursements)' })
  @ApiOkResponse({ type: AwardPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListAwardsQuery,
  ): Promise<AwardPage> {
    const page = await this.awards.list(principal, query);
    return { data: page.data.map(AwardResponse.of), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(AWARD_READERS, { scopes: AWARD_SCOPES })
  @ApiOperation({ summary: 'One award with its disbursements and what is paid and remaining' })
  @ApiOkResponse({ type: AwardResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<AwardResponse> {
    return AwardResponse.of(await this.awards.get(principal, id));
  }

  @Post(':id/cancel')
  @OneTransaction()
  @HttpCode(200)
  @Allow(AWARD_CANCELLERS)
  @ApiOperation({
    summary: 'Cancel an active award: unpaid tranches cancelled, their budget released',
    description:
      'Every tranche not sent or paid is cancelled and the round budget’s commitment of it ' +
      'released; open amendment requests are declined; with `recoverPaid`, a refund is due from ' +
      'each side for what it was paid. 409 unless active, or while a payout is sent.',
  })
  @ApiOkResponse({ type: AwardCancellationResponse })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: CancelAwardDto,
  ): Promise<AwardCancellationResponse> {
    const done = await this.cancellations.cancel(principal, id, dto);
    return {
      awardId: done.award.id,
      status: done.award.status,
      cancelReason: done.award.cancelReason!,
      cancelledBy: done.award.cancelledBy!,
      cancelledAt: done.award.cancelledAt!.toISOString(),
      cancelledDisbursements: done.cancelledDisbursements.map(DisbursementResponse.of),
      releasedBudget: done.releasedBudget,
      refunds: done.refunds.map(RefundResponse.of),
      declinedAmendmentIds: done.declinedAmendmentIds,
    };
  }
}
