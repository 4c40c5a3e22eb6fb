import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { AuthModule } from '../auth/auth.module';
import { ALL_QUEUES } from '../queues/queues';
import { QueueDashboardGate } from './queue-dashboard.gate';

export const QUEUE_DASHBOARD_ROUTE = '/admin/queues';

/**
 * The BullMQ dashboard at /admin/queues: bull-board's Fastify plugin in a scope of its own whose
 * every request passes QueueDashboardGate first (admins only).
 */
@Module({
  imports: [AuthModule],
  providers: [QueueDashboardGate],
})
export class QueueDashboardModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly gate: QueueDashboardGate,
  ) {}

  async onModuleInit(): Promise<void> {
    const board = new FastifyAdapter().setBasePath(QUEUE_DASHBOARD_ROUTE);
    createBullBoard({
      queues: ALL_QUEUES.map(
        (name) =>
          new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })),
      ),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'Grants queues' } },
    });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(
      async (scope) => {
        scope.addHook('onRequest', this.gate.admit);
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_ROUTE },
    );
  }
}
