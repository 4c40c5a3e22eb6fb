import { Global, Module } from '@nestjs/common';
import { MaintenanceJobs, MaintenanceProcessor } from './maintenance';

/**
 * The worker's maintenance queue: the processor and the registry its handlers join. Global so
 * handler modules (idempotency cleanup, overdue reports …) can inject the registry.
 */
@Global()
@Module({
  providers: [MaintenanceJobs, MaintenanceProcessor],
  exports: [MaintenanceJobs],
})
export class MaintenanceModule {}
