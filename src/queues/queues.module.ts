import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { Environment } from '../config/environment';
import { ALL_QUEUES } from './queues';

const queueRegistrations = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));

/** BullMQ's connection and every queue, shared by the API (producers) and the worker. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
        prefix: env.REDIS_PREFIX,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          // Kept a day so a re-add with the same job id (a relay retry) is still deduplicated.
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    }),
    queueRegistrations,
  ],
  exports: [queueRegistrations],
})
export class QueuesModule {}
