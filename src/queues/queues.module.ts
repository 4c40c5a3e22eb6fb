import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Global, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { queueConnection, queuePrefix } from '../common/redis/redis';
import { Environment } from '../config/environment';
import { ALL_QUEUES } from './queues';
import { warnOncePerOutage } from './worker-errors';

const queueRegistrations = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));

/** Every queue (producers in the API too) reports a Redis outage once, not once per reconnect. */
@Injectable()
class QueueErrors implements OnModuleInit {
  private readonly logger = new Logger('Queues');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of ALL_QUEUES) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      warnOncePerOutage(queue, this.logger, 'queue');
    }
  }
}

/** BullMQ's connection and every queue, shared by the API (producers) and the worker. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        connection: queueConnection(env),
        prefix: queuePrefix(env),
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
  providers: [QueueErrors],
  exports: [queueRegistrations],
})
export class QueuesModule {}
