import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { AWARD_READERS, AWARD_SCOPES } from './access';
import { AwardsService } from './awards.service';
import { AwardPage, AwardResponse, ListAwardsQuery } from './dto/award-response';
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
