import { Module } from '@nestjs/common';
import { IdempotencyCleanupModule } from './common/http/idempotency/idempotency.module';
import { CoreModule } from './core.module';
import { OutboxModule } from './outbox/outbox.module';

/** The worker process: every BullMQ processor, the outbox relay and the repeatable jobs. */
@Module({
  imports: [CoreModule, OutboxModule, IdempotencyCleanupModule],
})
export class WorkerModule {}
