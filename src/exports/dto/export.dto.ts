import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, ValidateBy, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/http/pagination';

import { EXPORT_DEFINITIONS } from '../export-definitions';

import {
  EXPORT_FORMATS,
  EXPORT_TYPES,
  type Export,
  type ExportFormat,
  type ExportStatus,
  type ExportType,
} from '../export.entity';

const EXPORT_STATUSES: ExportStatus[] = ['queued', 'running', 'completed', 'failed'];

/** The format is one the requested type is written in (json: threesixty_giving only). */
function IsFormatOfType() {
  return ValidateBy({
    name: 'isFormatOfType',
    validator: {
      validate: (value: unknown, args) => {
        const definition = EXPORT_DEFINITIONS[(args?.object as RequestExportDto).type];
        return !definition || (definition.formats as readonly unknown[]).includes(value);
      },
      defaultMessage: (args) => {
        const { type } = args?.object as RequestExportDto;
        return `format must be one of ${EXPORT_DEFINITIONS[type].formats.join(', ')} for ${type}`;
      },
    },
  });
}

export class RequestExportDto {
  @ApiProperty({ enum: EXPORT_TYPES })
  @IsIn(EXPORT_TYPES)
  type: ExportType;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Required for round_summary and reviewer_workload; narrows the others',
  })
  @ValidateIf(
    (dto: RequestExportDto) =>
      dto.roundId !== undefined || EXPORT_DEFINITIONS[dto.type]?.needsRound === true,
  )
  @IsUUID('all', {
    message: ({ value }) =>
      value === undefined || value === null
        ? 'roundId is required for round_summary and reviewer_workload'
        : 'roundId must be a UUID',
  })
  roundId?: string;

  @ApiProperty({
    enum: EXPORT_FORMATS,
    description:
      'csv or xlsx; json only for threesixty_giving (the 360Giving grant package), which also ' +
      'takes csv and xlsx (360Giving column titles)',
  })
  @IsFormatOfType()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;
}

export class ListExportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EXPORT_TYPES })
  @IsOptional()
  @IsIn(EXPORT_TYPES)
  type?: ExportType;

  @ApiPropertyOptional({ enum: EXPORT_STATUSES })
  @IsOptional()
  @IsIn(EXPORT_STATUSES)
  status?: ExportStatus;
}

export class RequestedExportResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['queued'] })
  status: ExportStatus;
}

export class ExportResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: EXPORT_TYPES })
  type: ExportType;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  roundId: string | null;

  @ApiProperty({ enum: EXPORT_FORMATS })
  format: ExportFormat;

  @ApiProperty({ enum: EXPORT_STATUSES })
  status: ExportStatus;

  @ApiProperty({ nullable: true, type: Number, description: 'Data rows (header excluded)' })
  rowCount: number | null;

  @ApiProperty({ nullable: true, type: Number })
  byteSize: number | null;

  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the file, hex' })
  sha256: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'The download’s file name' })
  fileName: string | null;

  @ApiProperty({ nullable: true, type: String })
  failureReason: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-05-01',
    description: 'The month a scheduled export covers; null when requested',
  })
  scheduledFor: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ nullable: true, type: String })
  startedAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  completedAt: string | null;

  static of(row: Export): ExportResponse {
    return {
      id: row.id,
      type: row.type,
      roundId: row.roundId,
      format: row.format,
      status: row.status,
      rowCount: row.rowCount,
      byteSize: row.byteSize,
      sha256: row.sha256,
      fileName: row.fileName,
      failureReason: row.failureReason,
      scheduledFor: row.scheduledFor,
      createdAt: row.createdAt.toISOString(),
      startedAt: row.startedAt?.toISOString() ?? null,
      completedAt: row.completedAt?.toISOString() ?? null,
    };
  }
}

export class ExportPage {
  @ApiProperty({ type: [ExportResponse] })
  data: ExportResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
