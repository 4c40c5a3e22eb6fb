import { Module } from '@nestjs/common';
import { PaymentRunExecution } from './payment-run-execution';
import { PaymentRunsProcessor, PaymentRunRecovery } from './payment-runs.processor';

/**
 * The worker side: the processor that builds the files, and the sweep that keeps runs moving. A
 * file of its own so that the API never loads the bank-file writers.
 */
@Module({
  providers: [PaymentRunExecution, PaymentRunsProcessor, PaymentRunRecovery],
  exports: [PaymentRunExecution],
})
export class PaymentRunsWorkerModule {}
