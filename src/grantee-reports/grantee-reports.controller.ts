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
import {
  AcceptedReportResponse,
  ReportPage,
  ReportResponse,
  ReportListItem,
  type ReportView,
} from './dto/report-response';
import {
  CreateReportDto,
  ListReportsQuery,
  RequestChangesDto,
  UpdateReportDto,
} from './dto/report.dto';
import { GranteeReportsService } from './grantee-reports.service';
import { rolesFor } from './report-transitions';
import { IdParam } from '../common/http/id-param';
import { OneTransaction } from '../common/http/idempotency/idempotency.interceptor';

/** Staff read every report (SPEC §4); a city user its own award's, narrowed by `Reach`. */
const REPORT_READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
  'city_user',
];
/** Reports are part of an award's record for integrations. */
const REPORT_SCOPES: ApiKeyScope[] = ['awards:read'];
/** Writing one is the grantee's (the same roles that edit and submit it). */
const REPORT_WRITERS = rolesFor('edit');
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; 412 when stale',
};

function respond(res: FastifyReply, view: ReportView): ReportResponse {
  setEtag(res, view.report);
  return ReportResponse.of(view);
}

@ApiTags('reports')
@Controller('awards')
export class AwardReportsController {
  constructor(private readonly reports: GranteeReportsService) {}

  @Post(':id/reports')
  @OneTransaction()
  @Allow(REPORT_WRITERS)
  @ApiOperation({
    summary: 'Start a grantee report (draft) for one side of an award, or both (joint)',
    description:
      '422 when the round requires no report of that kind; 409 when the award has one already',
  })
  @ApiCreatedResponse({ type: ReportResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: CreateReportDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReportResponse> {
    return respond(res, await this.reports.create(principal, id, dto));
  }
}

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: GranteeReportsService) {}

  @Get()
  @Allow(REPORT_READERS, { scopes: REPORT_SCOPES })
  @ApiOperation({ summary: 'List grantee reports, newest first' })
  @ApiOkResponse({ type: ReportPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListReportsQuery,
  ): Promise<ReportPage> {
    const page = await this.reports.list(principal, query);
    return { data: page.data.map(ReportListItem.ofListed), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(REPORT_READERS, { scopes: REPORT_SCOPES })
  @ApiOperation({ summary: 'One grantee report, its expenses compared with the award' })
  @ApiOkResponse({ type: ReportResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReportResponse> {
    return respond(res, await this.reports.get(principal, id));
  }

  @Patch(':id')
  @Allow(rolesFor('edit'))
  @ApiOperation({ summary: 'Edit a draft report, or one the office asked changes to' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReportResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: UpdateReportDto,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReportResponse> {
    return respond(res, await this.reports.update(principal, id, dto, expectedVersion));
  }

  @Post(':id/submit')
  @OneTransaction()
  @HttpCode(200)
  @Allow(rolesFor('submit'))
  @ApiOperation({ summary: 'Submit the report to the program office' })
  @ApiOkResponse({ type: ReportResponse })
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReportResponse> {
    return respond(res, await this.reports.submit(principal, id));
  }

  @Post(':id/accept')
  @OneTransaction()
  @HttpCode(200)
  @Allow(rolesFor('accept'))
  @ApiOperation({
    summary: 'Accept a submitted report',
    description: 'Releases, in the same transaction, the held tranches of its side(s) it unlocks',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AcceptedReportResponse })
  async accept(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AcceptedReportResponse> {
    const accepted = await this.reports.accept(principal, id, expectedVersion);
    return { ...respond(res, accepted), releasedDisbursementIds: accepted.releasedDisbursementIds };
  }

  @Post(':id/request-changes')
  @OneTransaction()
  @HttpCode(200)
  @Allow(rolesFor('request_changes'))
  @ApiOperation({ summary: 'Send a submitted report back to the grantee with a message' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReportResponse })
  async requestChanges(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() { message }: RequestChangesDto,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReportResponse> {
    return respond(res, await this.reports.requestChanges(principal, id, message, expectedVersion));
  }
}
