import { Module } from '@nestjs/common';
import { Mailer } from './mailer';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsService } from './notifications.service';

/** The worker side of notifications (SPEC §5.11): events in, e-mails out. The API has no routes. */
@Module({
  providers: [Mailer, NotificationsService, NotificationsProcessor],
  exports: [NotificationsService],
})
export class NotificationsWorkerModule {}
