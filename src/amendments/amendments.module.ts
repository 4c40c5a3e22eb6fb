import { Module } from '@nestjs/common';
import { AmendmentsController, AwardAmendmentsController } from './amendments.controller';
import { AmendmentsService } from './amendments.service';

/** Amendments of approved awards and the award versions they make (issue 17). */
@Module({
  controllers: [AwardAmendmentsController, AmendmentsController],
  providers: [AmendmentsService],
  exports: [AmendmentsService],
})
export class AmendmentsModule {}
