import { Injectable } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { AppError } from '../common/errors/app-error';
import { Page, paginate } from '../common/http/pagination';
import { Environment } from '../config/environment';
import { Round } from '../rounds/round.entity';
import type { ListExportsQuery, RequestExportDto } from './dto/export.dto';
import { CONTENT_TYPES, storageDir } from './export-naming';
import { Export } from './export.entity';

export interface ExportDownload {
  stream: Readable;
  contentType: string;
  fileName: string;
  byteSize: number;
}

/** Requesting, reading and downloading exports (SPEC §5.9); the worker generates them. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    private readonly env: Environment,
  ) {}

  /**
   * Records the request; its `export.requested` outbox event queues the job, so the job exists
   * exactly when the request committed.
   */
  async request(principal: Principal, dto: RequestExportDto): Promise<Export> {
    if (dto.roundId) {
      const qb = this.dataSource
        .getRepository(Round)
        .createQueryBuilder('r')
        .where('r.id = :id', { id: dto.roundId });
      await Reach.one(qb, 'round', 'r', principal, 'Round');
    }
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.save(
        manager.create(Export, {
          type: dto.type,
          roundId: dto.roundId ?? null,
          format: dto.format,
          status: 'queued',
          requestedBy: principal.userId,
        }),
      );
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'export.requested',
        entity: { type: 'export', id: row.id },
        data: { type: row.type, roundId: row.roundId, format: row.format },
        event: { type: 'export.requested', payload: { exportId: row.id, type: row.type } },
      });
      return row;
    });
  }

  async get(principal: Principal, id: string): Promise<Export> {
    const qb = this.dataSource
      .getRepository(Export)
      .createQueryBuilder('e')
      .where('e.id = :id', { id });
    return Reach.one(qb, 'export', 'e', principal, 'Export');
  }

  async list(principal: Principal, query: ListExportsQuery): Promise<Page<Export>> {
    const qb = this.dataSource.getRepository(Export).createQueryBuilder('e');
    if (query.type) qb.andWhere('e.type = :type', { type: query.type });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    Reach.scope(qb, 'export', 'e', principal);
    return paginate(qb, query, [
      { expression: 'e.createdAt', value: (e) => e.createdAt },
      { expression: 'e.id', value: (e) => e.id },
    ]);
  }

  /** The completed export's file, streamed from storage; 409 until it is completed. */
  async download(principal: Principal, id: string): Promise<ExportDownload> {
    const row = await this.get(principal, id);
    if (row.status !== 'completed' || !row.filePath || !row.fileName) {
      throw new AppError(
        'invalid_state',
        `The export is ${row.status}; it can be downloaded once completed`,
      );
    }
    const file = path.join(storageDir(this.env.EXPORT_STORAGE_DIR), path.basename(row.filePath));
    const found = await stat(file).catch(() => null);
    if (!found) throw new AppError('not_found', 'The export’s file is no longer stored');
    return {
      stream: createReadStream(file),
      contentType: CONTENT_TYPES[row.format],
      fileName: row.fileName,
      byteSize: found.size,
    };
  }
}
