import { Module } from '@nestjs/common';
import { ExportGenerator } from './export-generator';
import { ExportsProcessor } from './exports.processor';
import { MonthlyLedger } from './monthly-ledger';

/** The worker's side of exports: the generator, its queue and the monthly ledger schedule. */
@Module({
  providers: [ExportGenerator, ExportsProcessor, MonthlyLedger],
  exports: [MonthlyLedger, ExportGenerator],
})
export class ExportsWorkerModule {}
