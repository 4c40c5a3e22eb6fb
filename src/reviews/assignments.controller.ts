import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { setEtag } from '../common/http/etag';
import { AssignmentsService } from './assignments.service';
import {
  AssignmentDetailResponse,
  AssignmentPage,
  AssignmentResponse,
  AssignReviewerDto,
  AutoAssignmentReport,
  DeclineAssignmentDto,
  ListAssignmentsQuery,
  ReviewerCandidates,
} from './dto/assignment.dto';
import { ASSIGNERS, ASSIGNMENT_READERS } from './access';
import { IdParam } from '../common/http/id-param';

@ApiTags('reviews')
@Controller()
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Post('rounds/:id/assignments/auto')
  @HttpCode(200)
  @Allow(ASSIGNERS)
  @ApiOperation({
    summary: 'Assign reviewers to every submitted application of the round',
    description:
      'No conflicts of interest, a JP-based and a US-based reviewer where the pool allows, ' +
      'load balanced. Idempotent: a second run adds only what declines freed. 422 unless the ' +
      'round is open or closed.',
  })
  @ApiOkResponse({ type: AutoAssignmentReport })
  autoAssign(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<AutoAssignmentReport> {
    return this.assignments.autoAssign(principal, id);
  }

  @Post('applications/:id/assignments')
  @Allow(ASSIGNERS)
  @ApiOperation({
    summary: 'Assign one reviewer by hand',
    description: '422 on a conflict of interest or a user who is not an active reviewer',
  })
  @ApiCreatedResponse({ type: AssignmentResponse })
  async assign(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: AssignReviewerDto,
  ): Promise<AssignmentResponse> {
    return AssignmentResponse.of(await this.assignments.assign(principal, id, dto.reviewerId));
  }

  @Get('applications/:id/reviewer-candidates')
  @Allow(ASSIGNERS)
  @ApiOperation({
    summary: 'Who could review this application, for assigning by hand',
    description:
      'Every active reviewer with the conflict of interest that would refuse them (422 on ' +
      'assigning), their load in the round and their assignment to this application; without ' +
      'conflict first, then the least loaded.',
  })
  @ApiOkResponse({ type: ReviewerCandidates })
  async candidates(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<ReviewerCandidates> {
    return { data: await this.assignments.candidates(principal, id) };
  }

  @Get('assignments')
  @Allow(ASSIGNMENT_READERS)
  @ApiOperation({ summary: 'Assignments: a reviewer’s own, or any for officers' })
  @ApiOkResponse({ type: AssignmentPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListAssignmentsQuery,
  ): Promise<AssignmentPage> {
    const page = await this.assignments.list(principal, query);
    return { data: page.data.map(AssignmentResponse.of), nextCursor: page.nextCursor };
  }

  @Get('assignments/:id')
  @Allow(ASSIGNMENT_READERS)
  @ApiOperation({ summary: 'One assignment with its review (a reviewer: only their own)' })
  @ApiOkResponse({ type: AssignmentDetailResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AssignmentDetailResponse> {
    const assignment = await this.assignments.get(principal, id);
    setEtag(res, assignment);
    return AssignmentDetailResponse.of(assignment);
  }

  @Post('assignments/:id/decline')
  @HttpCode(200)
  @Allow(['reviewer'])
  @ApiOperation({
    summary: 'Decline an assignment (e.g. a conflict of interest)',
    description: 'Frees the slot; the reviewer is never assigned this application again',
  })
  @ApiOkResponse({ type: AssignmentDetailResponse })
  async decline(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: DeclineAssignmentDto,
  ): Promise<AssignmentDetailResponse> {
    return AssignmentDetailResponse.of(await this.assignments.decline(principal, id, dto.reason));
  }
}
