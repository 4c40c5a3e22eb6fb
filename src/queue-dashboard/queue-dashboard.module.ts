import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ALL_QUEUES } from '../queues/queues';
import { QueueDashboardGate } from './queue-dashboard.gate';

export const QUEUE_DASHBOARD_ROUTE = '/admin/queues';

@Module({
  imports: [AuthModule],
  providers: [QueueDashboardGate],
  exports: [QueueDashboardGate],
})
class QueueDashboardGateModule {}

/** The BullMQ dashboard at /admin/queues, behind QueueDashboardGate. */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [QueueDashboardGateModule],
      inject: [QueueDashboardGate],
      useFactory: (gate: QueueDashboardGate) => ({
        route: QUEUE_DASHBOARD_ROUTE,
        adapter: ExpressAdapter,
        middleware: gate.handle,
        boardOptions: { uiConfig: { boardTitle: 'Grants queues' } },
      }),
    }),
    ...ALL_QUEUES.map((name) => BullBoardModule.forFeature({ name, adapter: BullMQAdapter })),
  ],
})
export class QueueDashboardModule {}
