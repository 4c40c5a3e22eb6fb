import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/**
 * The audit trail's HTTP side, for the API process only: AuditModule (the writer) is global and
 * shared with the worker, which mounts no controllers.
 */
@Module({
  controllers: [AuditController],
  providers: [AuditService],
})
export class AuditApiModule {}
