import { Module } from '@nestjs/common';
import { AwardSettlementsController, SettlementsController } from './settlements.controller';
import { SettlementsService } from './settlements.service';
import { CityHoldsController, RefundsController } from './refunds.controller';
import { RefundsService } from './refunds.service';

/** Settlement (額の確定 → 精算払 or 返還), refunds and payout holds (issue 17). */
@Module({
  controllers: [
    AwardSettlementsController,
    SettlementsController,
    RefundsController,
    CityHoldsController,
  ],
  providers: [SettlementsService, RefundsService],
  exports: [SettlementsService],
})
export class SettlementsModule {}
