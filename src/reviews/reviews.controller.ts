import { Body, Controller, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { IfMatch, setEtag } from '../common/http/etag';
import { OneTransaction } from '../common/http/idempotency/idempotency.interceptor';
import type { Assignment } from './assignment.entity';
import { AssignmentDetailResponse, SaveReviewDto } from './dto/assignment.dto';
import { ReviewsService } from './reviews.service';
import { IdParam } from '../common/http/id-param';

/** Only the assigned reviewer writes a review; anyone else's assignment is a 404. */
@ApiTags('reviews')
@Controller('assignments/:id/review')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Put()
  @Allow(['reviewer'])
  @ApiOperation({
    summary: 'Save the review draft (replaces the previous one)',
    description:
      'Scores per rubric criterion, 0..maxScore (422 naming the criterion otherwise); 409 once ' +
      'submitted or declined',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag last read; 412 when stale',
  })
  @ApiOkResponse({ type: AssignmentDetailResponse })
  async save(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: SaveReviewDto,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AssignmentDetailResponse> {
    return respond(res, await this.reviews.saveDraft(principal, id, dto, expectedVersion));
  }

  @Post('submit')
  @OneTransaction()
  @HttpCode(200)
  @Allow(['reviewer'])
  @ApiOperation({
    summary: 'Submit the review: every criterion and a recommendation required; locked after',
  })
  @ApiOkResponse({ type: AssignmentDetailResponse })
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AssignmentDetailResponse> {
    return respond(res, await this.reviews.submit(principal, id));
  }
}

function respond(res: FastifyReply, assignment: Assignment): AssignmentDetailResponse {
  setEtag(res, assignment);
  return AssignmentDetailResponse.of(assignment);
}
