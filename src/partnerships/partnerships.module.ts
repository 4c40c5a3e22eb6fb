import { Module } from '@nestjs/common';
import { CitiesController } from './cities.controller';
import { CitiesService } from './cities.service';
import { PartnershipImportService } from './partnership-import.service';
import { PartnershipsController } from './partnerships.controller';
import { PartnershipsService } from './partnerships.service';

/** Cities, sister-city partnerships and their CSV import (SPEC §5.1). */
@Module({
  controllers: [CitiesController, PartnershipsController],
  providers: [CitiesService, PartnershipsService, PartnershipImportService],
  exports: [CitiesService, PartnershipsService, PartnershipImportService],
})
export class PartnershipsModule {}
