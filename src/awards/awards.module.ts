import { Module } from '@nestjs/common';
import { AwardCancellationService } from './award-cancellation.service';
import { AwardsController } from './awards.controller';
import { AwardsService } from './awards.service';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';
import { FxRatesController } from './fx-rates.controller';
import { FxRatesService } from './fx-rates.service';

/** Decisions, awards with their disbursement schedule, and FX rates (SPEC §5.5, §5.9). */
@Module({
  controllers: [DecisionsController, AwardsController, FxRatesController],
  providers: [DecisionsService, AwardsService, FxRatesService, AwardCancellationService],
  exports: [AwardsService],
})
export class AwardsModule {}
