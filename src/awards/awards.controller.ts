import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { setEtag } from '../common/http/etag';
import { AWARD_READERS, AWARD_SCOPES, DISBURSEMENT_READERS, DISBURSEMENT_SCOPES } from './access';
import { AwardsService } from './awards.service';
import {
  AwardPage,
  AwardResponse,
  DisbursementPage,
  DisbursementResponse,
  ListAwardsQuery,
  ListDisbursementsQuery,
} from './dto/award-response';
import { IdParam } from '../common/http/id-param';

@ApiTags('awards')
@Controller('awards')
export class AwardsController {
  constructor(private readonly awards: AwardsService) {}

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
}

@ApiTags('disbursements')
@Controller('disbursements')
export class DisbursementsController {
  constructor(private readonly awards: AwardsService) {}

  @Get()
  @Allow(DISBURSEMENT_READERS, { scopes: DISBURSEMENT_SCOPES })
  @ApiOperation({ summary: 'List disbursements, newest first' })
  @ApiOkResponse({ type: DisbursementPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListDisbursementsQuery,
  ): Promise<DisbursementPage> {
    const page = await this.awards.listDisbursements(principal, query);
    return { data: page.data.map(DisbursementResponse.of), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(DISBURSEMENT_READERS, { scopes: DISBURSEMENT_SCOPES })
  @ApiOperation({ summary: 'One disbursement' })
  @ApiOkResponse({ type: DisbursementResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DisbursementResponse> {
    const disbursement = await this.awards.getDisbursement(principal, id);
    setEtag(res, disbursement);
    return DisbursementResponse.of(disbursement);
  }
}
