import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ChangeLog } from '../audit/change-log.service';
import { assertVersion } from '../common/http/etag';
import { saveChanges } from '../database/save-changes';
import { transaction } from '../database/transaction';
import { assignmentTransition } from './assignment-transitions';
import { Assignment } from './assignment.entity';
import { AssignmentsService } from './assignments.service';
import type { SaveReviewDto } from './dto/assignment.dto';
import { assertComplete, assertScoresFitRubric, weightedScore } from './review-scoring';
import { RoundRubrics } from './round-rubrics';

/**
 * The assigned reviewer's review (SPEC §5.4): drafts replace each other until submission locks
 * it. Audit events and outbox payloads never carry scores: reviewing is blind.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    private readonly assignments: AssignmentsService,
    private readonly rubrics: RoundRubrics,
  ) {}

  /** `PUT` replaces the whole draft: what the body leaves out is cleared. */
  saveDraft(
    principal: Principal,
    id: string,
    dto: SaveReviewDto,
    expectedVersion: number | undefined,
  ): Promise<Assignment> {
    return this.dataSource.transaction(async (manager) => {
      const assignment = await this.assignments.locked(manager, principal, id);
      assertVersion(assignment, expectedVersion);
      assignmentTransition(assignment, 'save_draft');
      const scores = dto.scores ?? {};
      assertScoresFitRubric(await this.rubrics.of(manager, assignment.roundId), scores);
      await saveChanges(manager, Assignment, assignment, {
        scores,
        comment: dto.comment ?? null,
        recommendation: dto.recommendation ?? null,
      });
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'review.draft_saved',
        entity: { type: 'assignment', id },
        data: { applicationId: assignment.applicationId, scored: Object.keys(scores).length },
      });
      return assignment;
    });
  }

  /** Complete reviews only; the weighted score is fixed now and the review locked. */
  submit(principal: Principal, id: string): Promise<Assignment> {
    return transaction(this.dataSource, async (manager) => {
      const assignment = await this.assignments.locked(manager, principal, id);
      const to = assignmentTransition(assignment, 'submit');
      const rubric = await this.rubrics.of(manager, assignment.roundId);
      assertComplete(rubric, assignment.scores, assignment.recommendation);
      await saveChanges(manager, Assignment, assignment, {
        status: to,
        weightedScore: weightedScore(rubric, assignment.scores!),
        submittedAt: new Date(),
      });
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'review.submitted',
        entity: { type: 'assignment', id },
        data: { applicationId: assignment.applicationId, roundId: assignment.roundId },
        event: {
          type: 'review.submitted',
          payload: {
            assignmentId: id,
            applicationId: assignment.applicationId,
            roundId: assignment.roundId,
            reviewerId: assignment.reviewerId,
          },
        },
      });
      return assignment;
    });
  }
}
