import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { ApiKeyScope, Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { IfMatch, setEtag } from '../common/http/etag';
import { IdParam } from '../common/http/id-param';
import { CityHoldsResponse, PayoutHoldDto } from './dto/hold.dto';
import {
  CancelRefundDto,
  ListRefundsQuery,
  ReceiveRefundDto,
  RefundPage,
  RefundResponse,
} from './dto/refund.dto';
import { HOLD_READERS } from './holds';
import type { Refund } from './refund.entity';
import { RefundsService } from './refunds.service';
import { OneTransaction } from '../common/http/idempotency/idempotency.interceptor';

/** Staff read every refund (SPEC §4); a city user the refunds its own city owes. */
const REFUND_READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
  'city_user',
];
/** Refunds are part of an award's record for integrations. */
const REFUND_SCOPES: ApiKeyScope[] = ['awards:read'];
/** Finance records money coming back; the program office alone may waive it. */
const REFUND_RECEIVERS: Role[] = ['finance_officer'];
const REFUND_CANCELLERS: Role[] = ['program_officer'];
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; 412 when stale',
};

function respond(res: FastifyReply, refund: Refund): RefundResponse {
  setEtag(res, refund);
  return RefundResponse.of(refund);
}

@ApiTags('refunds')
@Controller('refunds')
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  @Get()
  @Allow(REFUND_READERS, { scopes: REFUND_SCOPES })
  @ApiOperation({ summary: 'List refunds (返還), newest first' })
  @ApiOkResponse({ type: RefundPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListRefundsQuery,
  ): Promise<RefundPage> {
    const page = await this.refunds.list(principal, query);
    return { data: page.data.map(RefundResponse.of), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(REFUND_READERS, { scopes: REFUND_SCOPES })
  @ApiOperation({ summary: 'One refund with what has been received of it' })
  @ApiOkResponse({ type: RefundResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RefundResponse> {
    return respond(res, await this.refunds.get(principal, id));
  }

  @Post(':id/receive')
  @OneTransaction()
  @HttpCode(200)
  @Allow(REFUND_RECEIVERS)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Record money received back (all that is outstanding, or part of it)',
    description:
      'The round budget of the award counts it back at once (committed − received). `received` ' +
      'once the whole amount is in. 422 when more than is outstanding; 409 unless due.',
  })
  @ApiOkResponse({ type: RefundResponse })
  async receive(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: ReceiveRefundDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RefundResponse> {
    return respond(res, await this.refunds.receive(principal, id, dto, ifMatch));
  }

  @Post(':id/cancel')
  @OneTransaction()
  @HttpCode(200)
  @Allow(REFUND_CANCELLERS)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Waive what is still outstanding of a refund, with the reason',
    description: '409 unless due. What was received stays counted back.',
  })
  @ApiOkResponse({ type: RefundResponse })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: CancelRefundDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RefundResponse> {
    return respond(res, await this.refunds.cancel(principal, id, dto, ifMatch));
  }
}

@ApiTags('cities')
@Controller('cities')
export class CityHoldsController {
  constructor(private readonly refunds: RefundsService) {}

  @Get(':id/holds')
  @Allow(HOLD_READERS)
  @ApiOperation({
    summary: 'Whether the city’s payouts are held, and why',
    description:
      'Held while a refund of the city is due, or a report of an active award of the city is ' +
      'overdue; payout requests and approvals for the city are refused (422) meanwhile.',
  })
  @ApiOkResponse({ type: CityHoldsResponse })
  async holds(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<CityHoldsResponse> {
    return { cityId: id, ...PayoutHoldDto.of(await this.refunds.cityHolds(principal, id)) };
  }
}
