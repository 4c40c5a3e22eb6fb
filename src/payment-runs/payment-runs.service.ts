import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import { AppError, notFound } from '../common/errors/app-error';
import { Page, paginate } from '../common/http/pagination';
import type { Insertable } from '../database/insertable';
import type { CreatePaymentRunDto, ListPaymentRunsQuery } from './dto/payment-run.dto';
import { PaymentRun } from './payment-run.entity';
import { PAYMENT_RUN_REQUESTED, RAIL_CURRENCY } from './payment-run.jobs';
import { transaction } from '../database/transaction';

/** How far ahead a run may be dated (banks take files up to about two months ahead). */
const MAX_DAYS_AHEAD = 60;
/** Serialises run requests per rail, so two clicks cannot both find no run in progress. */
const RUN_REQUEST_LOCK = 5_117_700;

/** Every column but the file: lists and single reads never carry the bytes. */
const SUMMARY_COLUMNS = [
  'r.id',
  'r.rail',
  'r.currency',
  'r.executionDate',
  'r.status',
  'r.entryCount',
  'r.totalMinor',
  'r.fileName',
  'r.fileSha256',
  'r.failureReason',
  'r.requestedBy',
  'r.createdAt',
  'r.startedAt',
  'r.completedAt',
];

const summaryOf = (manager: EntityManager, id: string) =>
  manager
    .getRepository(PaymentRun)
    .createQueryBuilder('r')
    .select(SUMMARY_COLUMNS)
    .where('r.id = :id', { id })
    .getOne();

const utcDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The API side of payment runs (SPEC §5.7): request one, read it, download its file. */
@Injectable()
export class PaymentRunsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  /**
   * Records the run and, in the same transaction, the outbox event the worker turns into the
   * run's job: a crash after the commit cannot lose the job, and a rolled-back request never runs.
   * One run per rail at a time: a second request while one is queued or running is refused.
   */
  async request(principal: Principal, dto: CreatePaymentRunDto): Promise<PaymentRun> {
    if (dto.executionDate < utcDay(0) || dto.executionDate > utcDay(MAX_DAYS_AHEAD)) {
      throw new AppError('validation_failed', 'executionDate is out of range', [
        {
          field: 'executionDate',
          message: `must be between today (${utcDay(0)}) and ${MAX_DAYS_AHEAD} days ahead (UTC)`,
        },
      ]);
    }
    return transaction(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        RUN_REQUEST_LOCK,
        dto.rail,
      ]);
      const inProgress = await manager.findOne(PaymentRun, {
        select: { id: true, status: true },
        where: [
          { rail: dto.rail, status: 'queued' },
          { rail: dto.rail, status: 'running' },
        ],
      });
      if (inProgress) {
        throw new AppError(
          'invalid_state',
          `Payment run ${inProgress.id} of this rail is ${inProgress.status}; wait for it to finish`,
        );
      }
      const run = manager.create(PaymentRun, {
        rail: dto.rail,
        currency: RAIL_CURRENCY[dto.rail],
        executionDate: dto.executionDate,
        status: 'queued',
        requestedBy: principal.userId,
      });
      await manager.insert(PaymentRun, run as Insertable<PaymentRun>);
      const saved = await summaryOf(manager, run.id);
      if (!saved) throw new Error(`payment run ${run.id} vanished in its own transaction`);
      await this.changeLog.record(manager, {
        actor: principal,
        action: PAYMENT_RUN_REQUESTED,
        entity: { type: 'payment_run', id: saved.id },
        data: { rail: saved.rail, executionDate: saved.executionDate },
        event: { type: PAYMENT_RUN_REQUESTED, payload: { runId: saved.id } },
      });
      return saved;
    });
  }

  async list(query: ListPaymentRunsQuery): Promise<Page<PaymentRun>> {
    const qb = this.dataSource.getRepository(PaymentRun).createQueryBuilder('r');
    qb.select(SUMMARY_COLUMNS);
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.rail) qb.andWhere('r.rail = :rail', { rail: query.rail });
    return paginate(qb, query, [
      { expression: 'r.createdAt', value: (r) => r.createdAt },
      { expression: 'r.id', value: (r) => r.id },
    ]);
  }

  async get(id: string): Promise<PaymentRun> {
    const run = await summaryOf(this.dataSource.manager, id);
    if (!run) throw notFound('Payment run');
    return run;
  }

  /** The stored bank file: 409 until the run has completed, 404 when it had no entries. */
  async file(id: string): Promise<PaymentRun & { file: Buffer; fileName: string }> {
    const run = await this.dataSource.getRepository(PaymentRun).findOneBy({ id });
    if (!run) throw notFound('Payment run');
    if (run.status !== 'completed') {
      throw new AppError(
        'invalid_state',
        `Payment run is ${run.status}; its file exists once completed`,
      );
    }
    if (!run.file || !run.fileName) {
      throw new AppError('not_found', 'Payment run had no approved disbursements and has no file');
    }
    return run as PaymentRun & { file: Buffer; fileName: string };
  }
}
