import { Module } from '@nestjs/common';
import { ReportReminders, ReportRemindersSchedule } from './report-reminders';

/** The worker side of grantee reports: the overdue / due-soon reminder job. */
@Module({
  providers: [ReportReminders, ReportRemindersSchedule],
  exports: [ReportReminders, ReportRemindersSchedule],
})
export class ReportRemindersModule {}
