import { Module } from '@nestjs/common';
import { AwardReportsController, ReportsController } from './grantee-reports.controller';
import { GranteeReportsService } from './grantee-reports.service';

/** Grantee reports and the tranche releases their acceptance makes (SPEC §5.8). */
@Module({
  controllers: [AwardReportsController, ReportsController],
  providers: [GranteeReportsService],
})
export class GranteeReportsModule {}
