import { Global, Module } from '@nestjs/common';
import { AuditSealer } from './audit-sealer';
import { ChangeLog } from './change-log.service';

/**
 * Audit trail: the ChangeLog every service records its changes through, and the sealer that
 * chains what was recorded (in every process).
 */
@Global()
@Module({
  providers: [ChangeLog, AuditSealer],
  exports: [ChangeLog, AuditSealer],
})
export class AuditModule {}
