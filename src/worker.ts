import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { IdempotencyCleanupSchedule } from './common/http/idempotency/idempotency-cleanup.processor';
import { AppLogger, rootLogger } from './common/logging';
import { Environment } from './config/environment';
import { ReportRemindersSchedule } from './grantee-reports/report-reminders';
import { MonthlyLedger } from './exports/monthly-ledger';
import { installGracefulShutdown } from './shutdown';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(new AppLogger(rootLogger(app.get(Environment))));
  await app.init();
  await app.get(IdempotencyCleanupSchedule).install();
  await app.get(ReportRemindersSchedule).install();
  await app.get(MonthlyLedger).install();
  installGracefulShutdown(app, app.get(Environment).SHUTDOWN_TIMEOUT_MS);
  process.stdout.write(JSON.stringify({ level: 30, msg: 'worker started' }) + '\n');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
