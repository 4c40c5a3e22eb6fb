import { Module } from '@nestjs/common';
import { AmendmentsModule } from './amendments/amendments.module';
import { AuditApiModule } from './audit/audit-api.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { AwardsModule } from './awards/awards.module';
import { RateLimiter } from './common/http/rate-limit';
import { IdempotencyModule } from './common/http/idempotency/idempotency.module';
import { CoreModule } from './core.module';
import { DisbursementsModule } from './disbursements/disbursements.module';
import { DocumentsModule } from './documents/documents.module';
import { PayeesModule } from './payees/payees.module';
import { GranteeReportsModule } from './grantee-reports/grantee-reports.module';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PartnershipsModule } from './partnerships/partnerships.module';
import { PaymentRunsModule } from './payment-runs/payment-runs.module';
import { RoundsModule } from './rounds/rounds.module';
import { SettlementsModule } from './settlements/settlements.module';
import { ReviewsModule } from './reviews/reviews.module';
import { UsersModule } from './users/users.module';
import { PortalModule } from './portal/portal.module';
import { QueueDashboardModule } from './queue-dashboard/queue-dashboard.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The API process. */
@Module({
  imports: [
    CoreModule,
    IdempotencyModule,
    MetricsModule,
    HealthModule,
    AuthModule,
    UsersModule,
    ApiKeysModule,
    PartnershipsModule,
    RoundsModule,
    ReviewsModule,
    AwardsModule,
    PaymentRunsModule,
    PayeesModule,
    DisbursementsModule,
    ApplicationsModule,
    GranteeReportsModule,
    DocumentsModule,
    SettlementsModule,
    AmendmentsModule,
    AuditApiModule,
    ExportsModule,
    QueueDashboardModule,
    WebhooksModule,
    PortalModule,
  ],
  // The rate limit runs as a Fastify hook before any route (it protects login too): app.setup.ts.
  providers: [RateLimiter],
})
export class AppModule {}
