import { Module } from '@nestjs/common';
import { AwardsModule } from '../awards/awards.module';
import { DisbursementsController } from './disbursements.controller';
import { DisbursementsService } from './disbursements.service';

/** Disbursements (SPEC §5.7): reads, and the payout workflow: request, maker–checker approval, settlement, cancellation. */
@Module({
  imports: [AwardsModule],
  controllers: [DisbursementsController],
  providers: [DisbursementsService],
  exports: [DisbursementsService],
})
export class DisbursementsModule {}
