import { Module } from '@nestjs/common';
import { IdempotencyCleanup, IdempotencyCleanupSchedule } from './idempotency-cleanup.processor';
import { IdempotencyKeys } from './idempotency-keys';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** The API side: `Idempotency-Key` on every POST (bound by `bindIdempotency` in app.setup.ts). */
@Module({
  providers: [IdempotencyKeys, IdempotencyInterceptor],
})
export class IdempotencyModule {}

/** The worker side: the hourly deletion of expired keys (a maintenance job). */
@Module({
  providers: [IdempotencyKeys, IdempotencyCleanup, IdempotencyCleanupSchedule],
  exports: [IdempotencyCleanupSchedule],
})
export class IdempotencyCleanupModule {}
