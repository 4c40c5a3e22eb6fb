import { Module } from '@nestjs/common';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsService } from './assignments.service';
import { RankingController } from './ranking.controller';
import { RankingService } from './ranking.service';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';
import { RoundRubrics } from './round-rubrics';

/** Review (SPEC §5.4): conflicts, reviewer assignment, blind scoring and the round's ranking. */
@Module({
  controllers: [AssignmentsController, ReviewsController, RankingController],
  providers: [AssignmentsService, ReviewsService, RankingService, RoundRubrics],
  exports: [AssignmentsService, RankingService],
})
export class ReviewsModule {}
