import { Module } from '@nestjs/common';
import { PaymentRunsController } from './payment-runs.controller';
import { PaymentRunsService } from './payment-runs.service';

/** The API side (SPEC §5.7): request runs, read them, download their files. */
@Module({
  controllers: [PaymentRunsController],
  providers: [PaymentRunsService],
})
export class PaymentRunsModule {}
