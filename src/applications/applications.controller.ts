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
import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { IfMatch, setEtag } from '../common/http/etag';
import { OneTransaction } from '../common/http/idempotency/idempotency.interceptor';
import { rolesFor } from './application-transitions';
import { ApplicationsService, type ApplicationView } from './applications.service';
import {
  ApplicationHistory,
  ApplicationListItem,
  ApplicationPage,
  ApplicationResponse,
  HistoryEntry,
  SignedVersionDto,
  SignedVersions,
} from './dto/application-response.dto';
import {
  CreateApplicationDto,
  ListApplicationsQuery,
  ReturnApplicationDto,
  SignApplicationDto,
  UpdateApplicationDto,
} from './dto/application.dto';
import { IdParam } from '../common/http/id-param';

/** Every role reads applications; `Reach` narrows city users and reviewers to theirs. */
const READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
  'city_user',
  'reviewer',
];
const READ = { scopes: ['applications:read'] } as const;
const WRITE = { scopes: ['applications:write'] } as const;
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; 412 when stale',
};

function respond(res: FastifyReply, view: ApplicationView): ApplicationResponse {
  setEtag(res, view.application);
  return ApplicationResponse.from(view);
}

@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @OneTransaction()
  @Allow(['city_user'], WRITE)
  @ApiOperation({ summary: 'Start the joint application of a partnership to an open round' })
  @ApiCreatedResponse({ type: ApplicationResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateApplicationDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ApplicationResponse> {
    return respond(res, await this.applications.create(principal, dto));
  }

  @Get()
  @Allow(READERS, READ)
  @ApiOperation({ summary: 'Applications within reach, newest first' })
  @ApiOkResponse({ type: ApplicationPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListApplicationsQuery,
  ): Promise<ApplicationPage> {
    const page = await this.applications.list(principal, query);
    return { data: page.data.map(ApplicationListItem.of), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(READERS, READ)
  @ApiOperation({ summary: 'One application with its budget lines and signatures' })
  @ApiOkResponse({ type: ApplicationResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ApplicationResponse> {
    return respond(res, await this.applications.get(principal, id));
  }

  @Get(':id/history')
  @Allow(READERS, READ)
  @ApiOperation({ summary: 'Every status change, oldest first' })
  @ApiOkResponse({ type: ApplicationHistory })
  async history(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<ApplicationHistory> {
    const transitions = await this.applications.history(principal, id);
    return { data: transitions.map(HistoryEntry.of) };
  }

  @Get(':id/signed-versions')
  @Allow(READERS, READ)
  @ApiOperation({
    summary: 'The content as each city signed it, newest first',
    description:
      'An edit drops the signatures but not these: compare the current content with a city’s ' +
      'last signed version to see what changed since it signed.',
  })
  @ApiOkResponse({ type: SignedVersions })
  async signedVersions(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<SignedVersions> {
    const versions = await this.applications.signedVersions(principal, id);
    return { data: versions.map(SignedVersionDto.of) };
  }

  @Patch(':id')
  @Allow(rolesFor('edit'), WRITE)
  @ApiOperation({
    summary: 'Edit a draft or a half-signed application',
    description: 'Any edit drops every signature; an awaiting_cosign application becomes a draft.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ApplicationResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: UpdateApplicationDto,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ApplicationResponse> {
    return respond(res, await this.applications.update(principal, id, dto, expectedVersion));
  }

  @Post(':id/sign')
  @HttpCode(200)
  @Allow(rolesFor('sign_first'), WRITE)
  @ApiOperation({
    summary: 'Sign the content you read, for your city',
    description:
      'The first city’s signature asks the other city to co-sign; the second submits. ' +
      'Refused after the round’s closesAt, and when contentHash is no longer current.',
  })
  @ApiOkResponse({ type: ApplicationResponse })
  async sign(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: SignApplicationDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ApplicationResponse> {
    return respond(res, await this.applications.sign(principal, id, dto));
  }

  @Post(':id/return')
  @HttpCode(200)
  @Allow(rolesFor('return'))
  @ApiOperation({ summary: 'Return a submitted application to the cities for changes (officer)' })
  @ApiOkResponse({ type: ApplicationResponse })
  async returnForChanges(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: ReturnApplicationDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ApplicationResponse> {
    return respond(res, await this.applications.returnForChanges(principal, id, dto));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Allow(rolesFor('withdraw'), WRITE)
  @ApiOperation({ summary: 'Withdraw the application (before a decision)' })
  @ApiOkResponse({ type: ApplicationResponse })
  async withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ApplicationResponse> {
    return respond(res, await this.applications.withdraw(principal, id));
  }
}
