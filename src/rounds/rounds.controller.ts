import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';

import type { ApiKeyScope, Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { IfMatch, setEtag } from '../common/http/etag';

import { RoundBudgetResponse, RoundPage, RoundResponse, RoundView } from './dto/round-response';

import { CreateRoundDto, ListRoundsQuery, UpdateRoundDto } from './dto/round.dto';
import { RoundsService } from './rounds.service';
import { IdParam } from '../common/http/id-param';

/** Who runs rounds (SPEC §4: the program office). */
const ROUND_MANAGERS: Role[] = ['admin', 'program_officer'];
/** Everyone reads published rounds (city users apply to them); drafts are narrowed by `Reach`. */
const ROUND_READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
  'city_user',
  'reviewer',
];
/** An integration that files applications needs the rounds it files them to. */
const ROUND_SCOPES: ApiKeyScope[] = ['applications:read', 'applications:write'];
const BUDGET_READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
];
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; 412 when stale',
};

@ApiTags('rounds')
@Controller('rounds')
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  @Post()
  @Allow(ROUND_MANAGERS)
  @ApiOperation({ summary: 'Create a draft round' })
  @ApiCreatedResponse({ type: RoundResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateRoundDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RoundResponse> {
    return respond(res, await this.rounds.create(principal, dto));
  }

  @Get()
  @Allow(ROUND_READERS, { scopes: ROUND_SCOPES })
  @ApiOperation({ summary: 'List rounds, latest window first' })
  @ApiOkResponse({ type: RoundPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListRoundsQuery,
  ): Promise<RoundPage> {
    const page = await this.rounds.list(principal, query);
    return { data: page.data.map((view) => RoundResponse.of(view)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(ROUND_READERS, { scopes: ROUND_SCOPES })
  @ApiOperation({ summary: 'One round' })
  @ApiOkResponse({ type: RoundResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RoundResponse> {
    return respond(res, await this.rounds.get(principal, id));
  }

  @Patch(':id')
  @Allow(ROUND_MANAGERS)
  @ApiOperation({ summary: 'Edit a draft round' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: RoundResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: UpdateRoundDto,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RoundResponse> {
    return respond(res, await this.rounds.update(principal, id, dto, expectedVersion));
  }

  @Post(':id/open')
  @HttpCode(200)
  @Allow(ROUND_MANAGERS)
  @ApiOperation({
    summary: 'Open a draft round',
    description: '422 unless it has budgets, a rubric, tranches summing to 100 and time left',
  })
  @ApiOkResponse({ type: RoundResponse })
  async open(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RoundResponse> {
    return respond(res, await this.rounds.open(principal, id));
  }

  @Post(':id/close')
  @HttpCode(200)
  @Allow(ROUND_MANAGERS)
  @ApiOperation({ summary: 'Close an open round to new applications' })
  @ApiOkResponse({ type: RoundResponse })
  async close(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RoundResponse> {
    return respond(res, await this.rounds.close(principal, id));
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Allow(ROUND_MANAGERS)
  @ApiOperation({ summary: 'Archive a closed round' })
  @ApiOkResponse({ type: RoundResponse })
  async archive(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RoundResponse> {
    return respond(res, await this.rounds.archive(principal, id));
  }

  @Get(':id/budget')
  @Allow(BUDGET_READERS)
  @ApiOperation({ summary: 'Budget, committed, disbursed and remaining per currency' })
  @ApiOkResponse({ type: RoundBudgetResponse })
  async budget(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<RoundBudgetResponse> {
    const { roundId, rows } = await this.rounds.budget(principal, id);
    return RoundBudgetResponse.of(roundId, rows);
  }
}

function respond(res: FastifyReply, view: RoundView): RoundResponse {
  setEtag(res, view.round);
  return RoundResponse.of(view);
}
