import { Module } from '@nestjs/common';
import { IdempotencyCleanupModule } from './common/http/idempotency/idempotency.module';
import { CoreModule } from './core.module';
import { ReportRemindersModule } from './grantee-reports/report-reminders.module';
import { ExportsWorkerModule } from './exports/exports-worker.module';
import { NotificationsWorkerModule } from './notifications/notifications.module';
import { OutboxModule } from './outbox/outbox.module';
import { PaymentRunsWorkerModule } from './payment-runs/payment-runs-worker.module';
import { MaintenanceModule } from './queues/maintenance.module';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';

/** The worker process: every BullMQ processor, the outbox relay and the repeatable jobs. */
@Module({
  imports: [
    CoreModule,
    OutboxModule,
    MaintenanceModule,
    IdempotencyCleanupModule,
    ReportRemindersModule,
    ExportsWorkerModule,
    PaymentRunsWorkerModule,
    WebhooksWorkerModule,
    NotificationsWorkerModule,
  ],
})
export class WorkerModule {}
