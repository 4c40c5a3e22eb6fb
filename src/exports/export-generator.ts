import { Injectable, Logger } from '@nestjs/common';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource, EntityManager } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import { Environment } from '../config/environment';
import { Round } from '../rounds/round.entity';
import { EXPORT_DEFINITIONS, type SqlRow } from './export-definitions';
import { writeExportFile } from './export-file';
import { exportFileName, storageDir } from './export-naming';
import { Export } from './export.entity';

/** Namespace of the session advisory locks that keep one generator per export at a time. */
const EXPORT_LOCK_NAMESPACE = 5_117_002;
/** Rows fetched from the cursor per round trip. */
const CURSOR_BATCH = 1000;
const MAX_REASON_LENGTH = 1000;

export type RunOutcome = 'completed' | 'failed' | 'skipped';

/** A reason the export cannot be produced, recorded on it as its failure reason. */
class ExportFailure extends Error {}

/**
 * Produces an export's file (SPEC §5.9): the type's one query read through a server-side cursor
 * and streamed to a temporary file, renamed into place once complete, with its row count, size
 * and SHA-256 recorded in the same transaction as the `export.completed` event.
 */
@Injectable()
export class ExportGenerator {
  private readonly logger = new Logger(ExportGenerator.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    private readonly env: Environment,
  ) {}

  /**
   * Runs the export unless it is finished or another worker is running it. A `running` export
   * whose lock nobody holds was left by a worker that died: it runs again from the start.
   */
  async run(exportId: string): Promise<RunOutcome> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const [{ locked }] = (await runner.query(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
        [EXPORT_LOCK_NAMESPACE, exportId],
      )) as { locked: boolean }[];
      if (!locked) return 'skipped';
      try {
        return await this.generate(exportId, client);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [
          EXPORT_LOCK_NAMESPACE,
          exportId,
        ]);
      }
    } finally {
      await runner.release();
    }
  }

  private async generate(exportId: string, client: PoolClient): Promise<RunOutcome> {
    const started = await this.start(exportId);
    if (!started) return 'skipped';
    const definition = EXPORT_DEFINITIONS[started.type];
    const dir = storageDir(this.env.EXPORT_STORAGE_DIR);
    const filePath = `${started.id}.${started.format}`;
    // One name per export, so a run after a crash overwrites what the killed one left (only one
    // generator per export runs at a time: the advisory lock).
    const partial = path.join(dir, `${filePath}.part`);
    try {
      const round = started.roundId ? await this.roundOf(started.roundId) : null;
      if (definition.needsRound && !round) {
        throw new ExportFailure(`A ${started.type} export needs a round`);
      }
      if (!definition.formats.includes(started.format)) {
        throw new ExportFailure(`A ${started.type} export is not written as ${started.format}`);
      }
      await mkdir(dir, { recursive: true });
      const rows = client.query(
        new QueryStream(definition.sql, [started.roundId], { batchSize: CURSOR_BATCH }),
      );
      const written = await writeExportFile(
        rows as AsyncIterable<SqlRow>,
        definition,
        started.format,
        partial,
        {
          giving360: {
            idPrefix: this.env.GIVING360_ID_PREFIX,
            funderId: this.env.GIVING360_FUNDER_ID,
            funderName: this.env.GIVING360_FUNDER_NAME,
          },
        },
      );
      await rename(partial, path.join(dir, filePath));
      const fileName = exportFileName(
        [
          started.type,
          round?.code ?? (started.scheduledFor ? null : 'all-rounds'),
          round ? (round.title.ja ?? round.title.en) : null,
          started.scheduledFor?.slice(0, 7) ?? started.createdAt.toISOString().slice(0, 10),
        ],
        started.format,
      );
      await this.dataSource.transaction(async (manager) => {
        await manager.update(Export, started.id, {
          status: 'completed',
          ...written,
          filePath,
          fileName,
          failureReason: null,
          completedAt: new Date(),
        });
        await this.changeLog.record(manager, {
          actor: null,
          action: 'export.completed',
          entity: { type: 'export', id: started.id },
          data: { ...written, fileName },
          event: {
            type: 'export.completed',
            payload: { exportId: started.id, type: started.type, rowCount: written.rowCount },
          },
        });
      });
      return 'completed';
    } catch (error) {
      await rm(partial, { force: true });
      const reason = (error instanceof Error ? error.message : String(error)).slice(
        0,
        MAX_REASON_LENGTH,
      );
      if (!(error instanceof ExportFailure)) {
        this.logger.warn({ exportId, reason }, 'export failed');
      }
      await this.fail(started.id, reason);
      return 'failed';
    }
  }

  /** Marks the export running (once it is known to be unfinished); null when there is nothing to do. */
  private async start(exportId: string): Promise<Export | null> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(Export, {
        where: { id: exportId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || row.status === 'completed' || row.status === 'failed') return null;
      row.status = 'running';
      row.startedAt = new Date();
      await manager.update(Export, row.id, { status: row.status, startedAt: row.startedAt });
      await this.changeLog.record(manager, {
        actor: null,
        action: 'export.started',
        entity: { type: 'export', id: row.id },
      });
      return row;
    });
  }

  /**
   * Marks an unfinished export failed, with the reason; one already completed or failed stays as
   * it is (false). Also the sweep's way to end an export whose job failed for good.
   */
  async fail(exportId: string, reason: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const row = await manager.findOne(Export, {
        where: { id: exportId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || row.status === 'completed' || row.status === 'failed') return false;
      await manager.update(Export, row.id, {
        status: 'failed',
        failureReason: reason,
        completedAt: new Date(),
      });
      await this.changeLog.record(manager, {
        actor: null,
        action: 'export.failed',
        entity: { type: 'export', id: row.id },
        data: { reason },
        event: {
          type: 'export.failed',
          payload: { exportId: row.id, type: row.type, reason },
        },
      });
      return true;
    });
  }

  private async roundOf(roundId: string): Promise<Round> {
    const round = await this.dataSource.getRepository(Round).findOneBy({ id: roundId });
    if (!round) throw new ExportFailure(`Round ${roundId} no longer exists`);
    return round;
  }
}
