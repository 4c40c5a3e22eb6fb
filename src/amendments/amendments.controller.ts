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
import { AWARD_READERS, AWARD_SCOPES } from '../awards/access';
import { IfMatch, setEtag } from '../common/http/etag';
import { IdParam } from '../common/http/id-param';
import { PageQuery } from '../common/http/pagination';
import { AMENDMENT_REQUESTERS, rolesFor } from './amendment-transitions';
import { AmendmentsService } from './amendments.service';
import type { AwardAmendment } from './award-amendment.entity';
import {
  AmendmentPage,
  AmendmentResponse,
  AwardVersionPage,
  AwardVersionResponse,
} from './dto/amendment-response';
import {
  ApproveAmendmentDto,
  CreateAmendmentDto,
  DeclineAmendmentDto,
  VersionParam,
} from './dto/amendment.dto';
import { OneTransaction } from '../common/http/idempotency/idempotency.interceptor';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; 412 when stale',
};

/** One amendment as every route answers it: its ETag, and its people named. */
async function respond(
  res: FastifyReply,
  amendments: AmendmentsService,
  found: Promise<AwardAmendment>,
): Promise<AmendmentResponse> {
  const amendment = await found;
  setEtag(res, amendment);
  return AmendmentResponse.of(amendment, await amendments.namesOf([amendment]));
}

@ApiTags('amendments')
@Controller('awards')
export class AwardAmendmentsController {
  constructor(private readonly amendments: AmendmentsService) {}

  @Post(':id/amendments')
  @OneTransaction()
  @Allow(AMENDMENT_REQUESTERS)
  @ApiOperation({
    summary: 'Request an amendment of an award (変更承認): a budget move, extension, dates, scope',
    description:
      'A budget move that moves out at most the round’s `amendmentApprovalPercent` of each ' +
      'side’s award is `recorded`, in force at once (a new award version); anything else is ' +
      '`requested` and waits for the program office. 409 when the award is not active or has a ' +
      'request waiting; 422 when a rule does not hold (the detail says which)',
  })
  @ApiCreatedResponse({ type: AmendmentResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: CreateAmendmentDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AmendmentResponse> {
    return respond(res, this.amendments, this.amendments.request(principal, id, dto));
  }

  @Get(':id/amendments')
  @Allow(AWARD_READERS, { scopes: AWARD_SCOPES })
  @ApiOperation({ summary: 'The award’s amendments, newest first' })
  @ApiOkResponse({ type: AmendmentPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Query() query: PageQuery,
  ): Promise<AmendmentPage> {
    const page = await this.amendments.list(principal, id, query);
    const names = await this.amendments.namesOf(page.data);
    return {
      data: page.data.map((amendment) => AmendmentResponse.of(amendment, names)),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':id/versions')
  @Allow(AWARD_READERS, { scopes: AWARD_SCOPES })
  @ApiOperation({ summary: 'The award’s versions (its terms’ history), oldest first' })
  @ApiOkResponse({ type: AwardVersionPage })
  async versions(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Query() query: PageQuery,
  ): Promise<AwardVersionPage> {
    const { page, currentVersion } = await this.amendments.versions(principal, id, query);
    return {
      data: page.data.map((v) => AwardVersionResponse.of(v, currentVersion)),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':id/versions/:version')
  @Allow(AWARD_READERS, { scopes: AWARD_SCOPES })
  @ApiOperation({ summary: 'One version of the award’s terms' })
  @ApiOkResponse({ type: AwardVersionResponse })
  async version(
    @CurrentPrincipal() principal: Principal,
    @Param() { id, version }: VersionParam,
  ): Promise<AwardVersionResponse> {
    const found = await this.amendments.version(principal, id, version);
    return AwardVersionResponse.of(found.version, found.currentVersion);
  }
}

@ApiTags('amendments')
@Controller('amendments')
export class AmendmentsController {
  constructor(private readonly amendments: AmendmentsService) {}

  @Get(':id')
  @Allow(AWARD_READERS, { scopes: AWARD_SCOPES })
  @ApiOperation({ summary: 'One amendment (with its ETag)' })
  @ApiOkResponse({ type: AmendmentResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AmendmentResponse> {
    return respond(res, this.amendments, this.amendments.get(principal, id));
  }

  @Post(':id/approve')
  @OneTransaction()
  @HttpCode(200)
  @Allow(rolesFor('approve'))
  @ApiOperation({
    summary: 'Approve a requested amendment: the award’s next version',
    description:
      'Judged on the award’s terms in force: 422 when a budget move recorded since the ' +
      'request makes it no longer hold; 409 unless requested and the award active',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AmendmentResponse })
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: ApproveAmendmentDto,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AmendmentResponse> {
    return respond(
      res,
      this.amendments,
      this.amendments.approve(principal, id, dto.note, expectedVersion),
    );
  }

  @Post(':id/decline')
  @OneTransaction()
  @HttpCode(200)
  @Allow(rolesFor('decline'))
  @ApiOperation({ summary: 'Decline a requested amendment, saying why' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AmendmentResponse })
  async decline(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: DeclineAmendmentDto,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AmendmentResponse> {
    return respond(
      res,
      this.amendments,
      this.amendments.decline(principal, id, dto.note, expectedVersion),
    );
  }

  @Post(':id/withdraw')
  @OneTransaction()
  @HttpCode(200)
  @Allow(rolesFor('withdraw'))
  @ApiOperation({ summary: 'Withdraw a requested amendment (a user of one of the award’s cities)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AmendmentResponse })
  async withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AmendmentResponse> {
    return respond(res, this.amendments, this.amendments.withdraw(principal, id, expectedVersion));
  }
}
