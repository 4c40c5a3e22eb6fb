import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';
import type { Bilingual } from '../../common/bilingual';
import { BilingualText } from '../../common/bilingual.dto';
import { PageQuery } from '../../common/http/pagination';

import {
  ASSIGNMENT_STATUSES,
  type Assignment,
  type AssignmentStatus,
  type Recommendation,
  RECOMMENDATIONS,
} from '../assignment.entity';
import { UNSTAFFED_REASONS, type UnstaffedReason } from '../auto-assign';

const CRITERION_KEY = /^[A-Za-z0-9_-]{1,40}$/;
/** More than any rubric has; the rubric itself decides which keys are allowed (422). */
const MAX_CRITERIA = 50;
const MAX_SCORE = 100;

/**
 * `{ criterionKey: integer }`: the shape only (keys like rubric keys, integers 0..100, at most 50).
 * Whether the keys are this round's criteria and the scores within their maxScore is a rule of
 * the round, checked by the service (422).
 */
function IsScoreMap(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isScoreMap',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= MAX_CRITERIA &&
            entries.every(
              ([key, score]) =>
                CRITERION_KEY.test(key) &&
                Number.isInteger(score) &&
                (score as number) >= 0 &&
                (score as number) <= MAX_SCORE,
            )
          );
        },
        defaultMessage: () =>
          `scores must map criterion keys to integers from 0 to ${MAX_SCORE} (at most ${MAX_CRITERIA})`,
      },
    },
    options,
  );
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AssignReviewerDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  reviewerId: string;
}

export class DeclineAssignmentDto {
  @ApiProperty({ maxLength: 500, example: 'I advised the Sendai city office in 2024' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class SaveReviewDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0 },
    example: { impact: 4, feasibility: 3 },
    description: 'Per criterion of the round’s rubric, 0..maxScore; a draft may leave some out',
  })
  @IsOptional()
  @IsScoreMap()
  scores?: Record<string, number>;

  @ApiPropertyOptional({ maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  comment?: string;

  @ApiPropertyOptional({ enum: RECOMMENDATIONS })
  @IsOptional()
  @IsIn(RECOMMENDATIONS)
  recommendation?: Recommendation;
}

export class ListAssignmentsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  applicationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Officers only; a reviewer sees their own' })
  @IsOptional()
  @IsUUID()
  reviewerId?: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatus;
}

export class AssignmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ format: 'uuid' }) reviewerId: string;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status: AssignmentStatus;
  @ApiProperty({ enum: ['auto', 'manual'] }) source: 'auto' | 'manual';
  @ApiProperty({ format: 'date-time' }) assignedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt: string | null;

  @ApiProperty({ type: BilingualText, description: 'The title of the application it is for' })
  applicationTitle: Bilingual;

  static of(a: Assignment): AssignmentResponse {
    return {
      id: a.id,
      applicationId: a.applicationId,
      applicationTitle: a.application!.title,
      roundId: a.roundId,
      reviewerId: a.reviewerId,
      status: a.status,
      source: a.source,
      assignedAt: a.assignedAt.toISOString(),
      submittedAt: a.submittedAt?.toISOString() ?? null,
    };
  }
}

export class ReviewResponse {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  scores: Record<string, number>;

  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ enum: RECOMMENDATIONS, nullable: true }) recommendation: Recommendation | null;

  @ApiProperty({ nullable: true, type: Number, description: '0..1, set on submission' })
  weightedScore: number | null;
}

export class AssignmentDetailResponse extends AssignmentResponse {
  @ApiProperty({ nullable: true, type: String }) declineReason: string | null;
  @ApiProperty({ type: ReviewResponse }) review: ReviewResponse;

  static override of(a: Assignment): AssignmentDetailResponse {
    return {
      ...AssignmentResponse.of(a),
      declineReason: a.declineReason,
      review: {
        scores: a.scores ?? {},
        comment: a.comment,
        recommendation: a.recommendation,
        weightedScore: a.weightedScore,
      },
    };
  }
}

export class AssignmentPage {
  @ApiProperty({ type: [AssignmentResponse] }) data: AssignmentResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ReviewerCountsResponse {
  @ApiProperty({ description: 'Active reviewers in the pool' }) active: number;
  @ApiProperty({ description: 'Of them, those who could be added (this run added them all)' })
  eligible: number;
  @ApiProperty({ description: 'Kept off by a conflict of interest' }) conflicted: number;
  @ApiProperty({ description: 'Kept off because they declined this application' })
  declined: number;
  @ApiProperty({ description: 'Assigned to it before this run' }) alreadyAssigned: number;
}

export class UnstaffedApplication {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ type: BilingualText }) title: Bilingual;
  @ApiProperty({ description: 'Reviewers still missing' }) missing: number;

  @ApiProperty({
    enum: UNSTAFFED_REASONS,
    description:
      'Why, as a stable code to word in the reader’s language (with `reviewers`): ' +
      '`no_active_reviewers` — there are none; `too_few_eligible_reviewers` — conflicts of ' +
      'interest, declines and the reviewers already on it left too few to add',
  })
  reasonCode: UnstaffedReason;

  @ApiProperty({ type: ReviewerCountsResponse, description: 'The active reviewers, by why' })
  reviewers: ReviewerCountsResponse;

  @ApiProperty({
    description: 'The reason in English; `reasonCode` and `reviewers` say it as data',
    example: 'only 1 of 40 active reviewers could be added (39 with a conflict of interest)',
  })
  reason: string;
}

export class AutoAssignmentReport {
  @ApiProperty({ description: 'Assignments this run created' }) created: number;
  @ApiProperty({ description: 'Submitted and in-review applications of the round it considered' })
  applications: number;
  @ApiProperty({ description: 'Applications this run moved from submitted to in_review' })
  movedToInReview: number;
  @ApiProperty({ type: [UnstaffedApplication] }) unstaffed: UnstaffedApplication[];
}

export class CandidateConflict {
  @ApiProperty({
    enum: ['city_user', 'affiliated', 'region'],
    description: 'A user of that city, affiliated with it, or based in its region',
  })
  reason: 'city_user' | 'affiliated' | 'region';

  @ApiProperty({ enum: ['JP', 'US'], description: 'The side whose city it concerns' })
  side: 'JP' | 'US';

  @ApiProperty({ nullable: true, type: String, example: 'JP-14', description: 'For `region`' })
  region: string | null;
}

export class CandidateAssignment {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status: AssignmentStatus;
}

export class ReviewerCandidate {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['JP', 'US'], nullable: true, type: String }) country: 'JP' | 'US' | null;
  @ApiProperty({ nullable: true, type: String, example: 'US-WA' }) region: string | null;

  @ApiProperty({ description: 'Assignments the reviewer carries in the round, declined apart' })
  load: number;

  @ApiProperty({
    type: CandidateConflict,
    nullable: true,
    description: 'Why the API would refuse to assign them (422), or null',
  })
  conflict: CandidateConflict | null;

  @ApiProperty({
    type: CandidateAssignment,
    nullable: true,
    description: 'Their assignment to this application, declined ones included, or null',
  })
  assignment: CandidateAssignment | null;
}

export class ReviewerCandidates {
  @ApiProperty({ type: [ReviewerCandidate] }) data: ReviewerCandidate[];
}
