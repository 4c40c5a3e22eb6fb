import { Global, Module } from '@nestjs/common';
import { ChangeLog } from './change-log.service';

/** Audit trail and the ChangeLog every service records its changes through. */
@Global()
@Module({
  providers: [ChangeLog],
  exports: [ChangeLog],
})
export class AuditModule {}
