import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { AuditService } from './audit.service';
import { AuditEventQuery } from './dto/audit-event-query';
import { AuditEventPage, ChainVerification } from './dto/audit-event.view';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow(['admin', 'auditor'])
  @ApiOperation({ summary: 'The audit trail, newest first, filtered by entity, actor and time' })
  @ApiOkResponse({ type: AuditEventPage })
  list(@Query() query: AuditEventQuery): Promise<AuditEventPage> {
    return this.audit.list(query);
  }

  @Get('verify')
  @Allow(['admin', 'auditor'])
  @ApiOperation({
    summary: 'Recompute the hash chain; report the first event edited, removed or out of place',
  })
  @ApiOkResponse({ type: ChainVerification })
  verify(): Promise<ChainVerification> {
    return this.audit.verify();
  }
}
