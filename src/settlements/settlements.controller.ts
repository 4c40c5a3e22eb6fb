import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { AWARD_READERS, AWARD_SCOPES } from '../awards/access';
import { IfMatch, setEtag } from '../common/http/etag';
import { IdParam } from '../common/http/id-param';
import { PageQuery } from '../common/http/pagination';
import { ComputeSettlementDto, SettlementPage, SettlementResponse } from './dto/settlement.dto';
import { SettlementsService } from './settlements.service';
import { OneTransaction } from '../common/http/idempotency/idempotency.interceptor';

/** 額の確定 is the program office's (SPEC §4); the award's readers read it. */
const SETTLEMENT_WRITERS: Role[] = ['program_officer'];
const SETTLEMENT_READERS: Role[] = AWARD_READERS;
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; 412 when stale',
};

@ApiTags('settlements')
@Controller('awards')
export class AwardSettlementsController {
  constructor(private readonly settlements: SettlementsService) {}

  @Post(':id/settlements')
  @OneTransaction()
  @Allow(SETTLEMENT_WRITERS)
  @ApiOperation({
    summary: 'Compute (or recompute) the settlement draft of one side of an award',
    description:
      '201 when the draft is new, 200 when it was recomputed. 409 when the side has no accepted ' +
      'final report, its settlement is confirmed or the award is not active; 422 when an ' +
      'exclusion names no expense of the side in its currency',
  })
  @ApiCreatedResponse({ type: SettlementResponse })
  @ApiOkResponse({ type: SettlementResponse, description: 'The draft, recomputed' })
  async compute(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: ComputeSettlementDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SettlementResponse> {
    const { settlement, created } = await this.settlements.compute(principal, id, dto);
    res.status(created ? 201 : 200);
    setEtag(res, settlement);
    return SettlementResponse.of(settlement);
  }

  @Get(':id/settlements')
  @Allow(SETTLEMENT_READERS, { scopes: AWARD_SCOPES })
  @ApiOperation({ summary: 'The settlements of an award (one per side at most)' })
  @ApiOkResponse({ type: SettlementPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Query() query: PageQuery,
  ): Promise<SettlementPage> {
    const page = await this.settlements.listForAward(principal, id, query);
    return { data: page.data.map((s) => SettlementResponse.of(s)), nextCursor: page.nextCursor };
  }
}

@ApiTags('settlements')
@Controller('settlements')
export class SettlementsController {
  constructor(private readonly settlements: SettlementsService) {}

  @Get(':id')
  @Allow(SETTLEMENT_READERS, { scopes: AWARD_SCOPES })
  @ApiOperation({ summary: 'One settlement' })
  @ApiOkResponse({ type: SettlementResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SettlementResponse> {
    const settlement = await this.settlements.get(principal, id);
    setEtag(res, settlement);
    return SettlementResponse.of(settlement);
  }

  @Post(':id/confirm')
  @OneTransaction()
  @HttpCode(200)
  @Allow(SETTLEMENT_WRITERS)
  @ApiOperation({
    summary: 'Confirm a settlement: pay the balance as a new disbursement, or a refund is due',
    description:
      'Recomputes the draft, cancels the side’s unpaid tranches, then schedules the balance ' +
      '(confirmed − paid) as one more disbursement or records the excess as a refund due; ' +
      'releases the round’s commitment by what will never be paid; closes the award once every ' +
      'side is confirmed. 409 while a payout of the side is pending approval, approved or sent, ' +
      'or when already confirmed; 412 on a stale If-Match',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: SettlementResponse })
  async confirm(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SettlementResponse> {
    const settlement = await this.settlements.confirm(principal, id, expectedVersion);
    setEtag(res, settlement);
    return SettlementResponse.of(settlement);
  }
}
