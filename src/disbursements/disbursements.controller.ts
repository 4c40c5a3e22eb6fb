import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { DISBURSEMENT_READERS, DISBURSEMENT_SCOPES } from '../awards/access';
import { AwardsService } from '../awards/awards.service';
import { ListDisbursementsQuery } from '../awards/dto/award-response';
import { setEtag } from '../common/http/etag';

import type { Principal } from '../auth/principal';
import {
  DISBURSEMENT_APPROVERS,
  DISBURSEMENT_CANCELLERS,
  DISBURSEMENT_REQUESTERS,
  DISBURSEMENT_SETTLE_SCOPES,
  DISBURSEMENT_SETTLERS,
} from './access';

import {
  DisbursementPage,
  DisbursementWorkflowResponse,
  ReasonDto,
  RequestDisbursementDto,
  SettleDisbursementDto,
} from './dto/disbursement-actions.dto';
import { DisbursementsService, type DisbursementView } from './disbursements.service';
import { IdParam } from '../common/http/id-param';
import { OneTransaction } from '../common/http/idempotency/idempotency.interceptor';

const respond = (view: DisbursementView) =>
  DisbursementWorkflowResponse.ofWorkflow(
    view.disbursement,
    view.approvals,
    view.approvalsRequired,
    view.hold,
    view.names,
  );

/** Disbursements: the reads and the payout workflow's actions, all answered with the workflow. */
@ApiTags('disbursements')
@Controller('disbursements')
export class DisbursementsController {
  constructor(
    private readonly disbursements: DisbursementsService,
    private readonly awards: AwardsService,
  ) {}

  @Get()
  @Allow(DISBURSEMENT_READERS, { scopes: DISBURSEMENT_SCOPES })
  @ApiOperation({ summary: 'List disbursements, newest first, with where each payout stands' })
  @ApiOkResponse({ type: DisbursementPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListDisbursementsQuery,
  ): Promise<DisbursementPage> {
    const page = await this.awards.listDisbursements(principal, query);
    const views = await this.disbursements.views(page.data);
    return { data: views.map(respond), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(DISBURSEMENT_READERS, { scopes: DISBURSEMENT_SCOPES })
  @ApiOperation({ summary: 'One disbursement with where its payout stands' })
  @ApiOkResponse({ type: DisbursementWorkflowResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<DisbursementWorkflowResponse> {
    const disbursement = await this.awards.getDisbursement(principal, id);
    const [view] = await this.disbursements.views([disbursement]);
    setEtag(res, disbursement);
    return respond(view);
  }

  @Post(':id/request')
  @OneTransaction()
  @HttpCode(200)
  @Allow(DISBURSEMENT_REQUESTERS)
  @ApiOperation({ summary: 'Request the payout of a scheduled (or failed) tranche' })
  @ApiOkResponse({ type: DisbursementWorkflowResponse })
  async request(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: RequestDisbursementDto,
  ): Promise<DisbursementWorkflowResponse> {
    return respond(await this.disbursements.request(principal, id, dto));
  }

  @Post(':id/approve')
  @OneTransaction()
  @HttpCode(200)
  @Allow(DISBURSEMENT_APPROVERS)
  @ApiOperation({
    summary: 'Approve a payout request (not your own; two approvers above the threshold)',
  })
  @ApiOkResponse({ type: DisbursementWorkflowResponse })
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<DisbursementWorkflowResponse> {
    return respond(await this.disbursements.approve(principal, id));
  }

  @Post(':id/reject')
  @OneTransaction()
  @HttpCode(200)
  @Allow(DISBURSEMENT_APPROVERS)
  @ApiOperation({ summary: 'Reject a payout request; the tranche is scheduled again' })
  @ApiOkResponse({ type: DisbursementWorkflowResponse })
  async reject(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: ReasonDto,
  ): Promise<DisbursementWorkflowResponse> {
    return respond(await this.disbursements.reject(principal, id, dto));
  }

  @Post(':id/settle')
  @OneTransaction()
  @HttpCode(200)
  @Allow(DISBURSEMENT_SETTLERS, { scopes: DISBURSEMENT_SETTLE_SCOPES })
  @ApiOperation({ summary: 'Record the bank’s outcome of a sent payout: paid or failed' })
  @ApiOkResponse({ type: DisbursementWorkflowResponse })
  async settle(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: SettleDisbursementDto,
  ): Promise<DisbursementWorkflowResponse> {
    return respond(await this.disbursements.settle(principal, id, dto));
  }

  @Post(':id/cancel')
  @OneTransaction()
  @HttpCode(200)
  @Allow(DISBURSEMENT_CANCELLERS)
  @ApiOperation({ summary: 'Cancel a tranche that has not been sent' })
  @ApiOkResponse({ type: DisbursementWorkflowResponse })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: ReasonDto,
  ): Promise<DisbursementWorkflowResponse> {
    return respond(await this.disbursements.cancel(principal, id, dto));
  }
}
