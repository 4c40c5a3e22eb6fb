import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { ALL_QUEUES } from '../queues/queues';
import { createRegistry } from './metrics';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

@Injectable()
export class MetricsService {
  private readonly metrics = createRegistry();

  constructor(moduleRef: ModuleRef) {
    // Resolved on first scrape: queue providers are created after this service.
    let queues: Queue[] | undefined;
    const allQueues = () =>
      (queues ??= ALL_QUEUES.map((name) =>
        moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
      ));
    new Gauge({
      name: 'bullmq_jobs',
      help: 'Jobs per queue and state (depth: waiting/active/delayed; outcomes: completed/failed)',
      labelNames: ['queue', 'state'],
      registers: [this.metrics.registry],
      async collect() {
        await Promise.all(
          allQueues().map(async (queue) => {
            const counts = await queue.getJobCounts(...JOB_STATES).catch(() => null);
            if (!counts) return;
            for (const state of JOB_STATES)
              this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
  }

  /** Times one request, labelled by route pattern (not raw URL); `ms` from Fastify's clock. */
  observe(method: string, route: string, status: number, ms: number): void {
    this.metrics.httpDuration.observe(method, route, status, ms / 1000);
  }

  contentType(): string {
    return this.metrics.registry.contentType;
  }

  render(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
