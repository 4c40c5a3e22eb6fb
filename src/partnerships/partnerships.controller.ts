import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { FileUploadInterceptor, Upload, type UploadedFile } from '../common/http/file-upload';
import { NotIdempotent } from '../common/http/idempotency/idempotency.interceptor';
import type { Principal } from '../auth/principal';
import { PARTNERSHIP_READERS, REFERENCE_SCOPES } from './access';
import {
  CreatePartnershipDto,
  ImportReport,
  ImportUploadDto,
  ListPartnershipsQuery,
  PartnershipPage,
  PartnershipResponse,
} from './dto/partnership.dto';
import { MAX_CSV_BYTES, PartnershipImportService } from './partnership-import.service';
import { PartnershipsService } from './partnerships.service';
import { IdParam } from '../common/http/id-param';

@ApiTags('partnerships')
@Controller('partnerships')
export class PartnershipsController {
  constructor(
    private readonly partnerships: PartnershipsService,
    private readonly importer: PartnershipImportService,
  ) {}

  @Post()
  @Allow(['admin'])
  @ApiCreatedResponse({ type: PartnershipResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreatePartnershipDto,
  ): Promise<PartnershipResponse> {
    return PartnershipResponse.of(await this.partnerships.create(principal, dto));
  }

  @Post('import')
  @HttpCode(200)
  @Allow(['admin'])
  // The key cannot cover the file (the global interceptor runs before the file is read); the
  // import is idempotent by content anyway: a repeat creates nothing.
  @NotIdempotent()
  @UseInterceptors(FileUploadInterceptor('file', MAX_CSV_BYTES))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @ApiOkResponse({ type: ImportReport })
  import(
    @CurrentPrincipal() principal: Principal,
    @Upload() file: UploadedFile | undefined,
  ): Promise<ImportReport> {
    return this.importer.importFile(principal, file);
  }

  @Get()
  @Allow(PARTNERSHIP_READERS, { scopes: REFERENCE_SCOPES })
  @ApiOkResponse({ type: PartnershipPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListPartnershipsQuery,
  ): Promise<PartnershipPage> {
    const page = await this.partnerships.list(principal, query);
    return { data: page.data.map(PartnershipResponse.of), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(PARTNERSHIP_READERS, { scopes: REFERENCE_SCOPES })
  @ApiOkResponse({ type: PartnershipResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<PartnershipResponse> {
    return PartnershipResponse.of(await this.partnerships.get(principal, id));
  }
}
