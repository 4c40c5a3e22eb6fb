import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, problemResponse } from '../auth/access.decorators';

import type { Principal } from '../auth/principal';
import { EXPORT_READERS, EXPORT_REQUESTERS, EXPORT_SCOPES } from './access';

import {
  ExportPage,
  ExportResponse,
  ListExportsQuery,
  RequestExportDto,
  RequestedExportResponse,
} from './dto/export.dto';
import { CONTENT_TYPES, contentDisposition } from './export-naming';

import { ExportsService } from './exports.service';
import { IdParam } from '../common/http/id-param';

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow(EXPORT_REQUESTERS, { scopes: EXPORT_SCOPES })
  @ApiOperation({ summary: 'Request an export; a worker generates it (poll GET /exports/:id)' })
  @ApiAcceptedResponse({ type: RequestedExportResponse })
  async request(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: RequestExportDto,
  ): Promise<RequestedExportResponse> {
    const row = await this.exports.request(principal, dto);
    return { id: row.id, status: row.status };
  }

  @Get()
  @Allow(EXPORT_READERS, { scopes: EXPORT_SCOPES })
  @ApiOperation({ summary: 'List exports, newest first (finance roles: disbursement ledgers)' })
  @ApiOkResponse({ type: ExportPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListExportsQuery,
  ): Promise<ExportPage> {
    const page = await this.exports.list(principal, query);
    return { data: page.data.map(ExportResponse.of), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(EXPORT_READERS, { scopes: EXPORT_SCOPES })
  @ApiOperation({ summary: 'One export: status, row count, size and SHA-256 of its file' })
  @ApiOkResponse({ type: ExportResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<ExportResponse> {
    return ExportResponse.of(await this.exports.get(principal, id));
  }

  @Get(':id/download')
  @Allow(EXPORT_READERS, { scopes: EXPORT_SCOPES })
  @ApiOperation({ summary: 'The export’s file (409 until it is completed)' })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx, CONTENT_TYPES.json)
  @ApiOkResponse({
    description: 'CSV (UTF-8 with BOM), XLSX, or JSON (the 360Giving grant package)',
    content: {
      [CONTENT_TYPES.csv]: { schema: { type: 'string', format: 'binary' } },
      [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
      [CONTENT_TYPES.json]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse({ status: 409, ...problemResponse('invalid_state', 'The export is not completed') })
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<StreamableFile> {
    const file = await this.exports.download(principal, id);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      disposition: contentDisposition(file.fileName),
      length: file.byteSize,
    });
  }
}
