import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyCleanup, IdempotencyCleanupSchedule } from './idempotency-cleanup.processor';
import { IdempotencyKeys } from './idempotency-keys';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** The API side: `Idempotency-Key` on every POST. */
@Module({
  providers: [IdempotencyKeys, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class IdempotencyModule {}

/** The worker side: the hourly deletion of expired keys (a maintenance job). */
@Module({
  providers: [IdempotencyKeys, IdempotencyCleanup, IdempotencyCleanupSchedule],
  exports: [IdempotencyCleanupSchedule],
})
export class IdempotencyCleanupModule {}
