import { Module } from '@nestjs/common';
import { PaymentRunsController } from './payment-runs.controller';
import { PaymentRunsService } from './payment-runs.service';
import { PaymentRunExecution } from './payment-run-execution';
import { PaymentRunsProcessor, PaymentRunRecovery } from './payment-runs.processor';

/** The API side (SPEC §5.7): request runs, read them, download their files. */
@Module({
  controllers: [PaymentRunsController],
  providers: [PaymentRunsService],
})
export class PaymentRunsModule {}

/** The worker side: the processor that builds the files, and the sweep that keeps runs moving. */
@Module({
  providers: [PaymentRunExecution, PaymentRunsProcessor, PaymentRunRecovery],
  exports: [PaymentRunExecution],
})
export class PaymentRunsWorkerModule {}
