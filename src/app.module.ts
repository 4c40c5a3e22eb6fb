import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { RateLimitGuard, RateLimitModule } from './common/http/rate-limit';
import { CoreModule } from './core.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';

/** The API process. */
@Module({
  imports: [CoreModule, RateLimitModule, MetricsModule, HealthModule, AuthModule],
  providers: [
    // Order matters: the rate limit applies before authentication (it protects login too).
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class AppModule {}
