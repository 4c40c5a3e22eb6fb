import { Module } from '@nestjs/common';
import { DisbursementWorkflowController } from './disbursements.controller';
import { DisbursementsService } from './disbursements.service';

/** The payout workflow (SPEC §5.7): request, maker–checker approval, settlement, cancellation. */
@Module({
  controllers: [DisbursementWorkflowController],
  providers: [DisbursementsService],
  exports: [DisbursementsService],
})
export class DisbursementsModule {}
