import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';

/** The worker process: every BullMQ processor, the outbox relay and the repeatable jobs. */
@Module({
  imports: [CoreModule],
})
export class WorkerModule {}
