import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { rolesFor } from '../applications/application-transitions';

import { Allow, CurrentPrincipal } from '../auth/access.decorators';

import type { Principal } from '../auth/principal';
import { DecisionsService } from './decisions.service';

import { DecisionResponse } from './dto/award-response';

import { DecisionDto } from './dto/decision.dto';
import { IdParam } from '../common/http/id-param';
import { OneTransaction } from '../common/http/idempotency/idempotency.interceptor';

@ApiTags('decisions')
@Controller('applications')
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Post(':id/decision')
  @OneTransaction()
  @Allow(rolesFor('decide_approved'))
  @ApiOperation({
    summary: 'Approve, reject or waitlist an application',
    description:
      'An approval needs the round’s submitted reviews, at most the requested amount per side ' +
      'and currency, and room in the round’s budget (422 otherwise); it creates the award and ' +
      'its disbursement schedule.',
  })
  @ApiCreatedResponse({ type: DecisionResponse })
  async decide(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: DecisionDto,
  ): Promise<DecisionResponse> {
    const { decision, status, award, notes } = await this.decisions.decide(principal, id, dto);
    return DecisionResponse.of(decision, status, award, notes);
  }
}
