import { Injectable } from '@nestjs/common';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import type { Currency } from '../common/money/money';
import { Page, paginate } from '../common/http/pagination';
import { AwardLine } from './award-line.entity';
import { Award } from './award.entity';
import { Disbursement } from './disbursement.entity';
import type { AwardView, ListAwardsQuery, ListDisbursementsQuery } from './dto/award-response';

const LINE_ORDER = { side: 'ASC', currency: 'ASC' } as const;

/** Awards and their disbursements, read-only (the payout workflow comes with §5.7). */
/** The awarded application's title with each award, in the same query (a city's list names it). */
const withApplicationTitle = (qb: SelectQueryBuilder<Award>) =>
  qb.innerJoin('a.application', 'app').addSelect(['app.id', 'app.title']);

@Injectable()
export class AwardsService {
  constructor(private readonly dataSource: DataSource) {}

  /** A page of awards, newest first, with lines and paid totals: three queries per page. */
  async list(principal: Principal, query: ListAwardsQuery): Promise<Page<AwardView>> {
    const qb = withApplicationTitle(this.dataSource.getRepository(Award).createQueryBuilder('a'));
    if (query.roundId) qb.andWhere('a.roundId = :roundId', { roundId: query.roundId });
    if (query.applicationId) {
      qb.andWhere('a.applicationId = :applicationId', { applicationId: query.applicationId });
    }
    if (query.cityId) {
      qb.andWhere('(a.jpCityId = :cityId OR a.usCityId = :cityId)', { cityId: query.cityId });
    }
    Reach.scope(qb, 'award', 'a', principal);
    const page = await paginate(qb, query, [
      { expression: 'a.createdAt', value: (a) => a.createdAt },
      { expression: 'a.id', value: (a) => a.id },
    ]);
    const ids = page.data.map((a) => a.id);
    if (!ids.length) return { data: [], nextCursor: page.nextCursor };
    const [lines, paid] = await Promise.all([
      this.dataSource.getRepository(AwardLine).find({
        where: { awardId: In(ids) },
        order: { awardId: 'ASC', ...LINE_ORDER },
      }),
      this.dataSource.query<{ award_id: string; currency: Currency; paid: number }[]>(
        `SELECT award_id, currency, SUM(amount_minor)::bigint AS paid FROM disbursements
          WHERE award_id = ANY($1) AND status = 'paid' GROUP BY award_id, currency`,
        [ids],
      ),
    ]);
    return {
      data: page.data.map((award) => ({
        award,
        lines: lines.filter((l) => l.awardId === award.id),
        paid: paid
          .filter((p) => p.award_id === award.id)
          .map((p) => ({ currency: p.currency, amountMinor: p.paid })),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** One award with its lines and whole disbursement schedule. */
  async get(principal: Principal, id: string): Promise<AwardView> {
    const award = await Reach.one(
      withApplicationTitle(this.dataSource.getRepository(Award).createQueryBuilder('a')).where(
        'a.id = :id',
        { id },
      ),
      'award',
      'a',
      principal,
      'Award',
    );
    const [lines, disbursements] = await Promise.all([
      this.dataSource.getRepository(AwardLine).find({ where: { awardId: id }, order: LINE_ORDER }),
      this.dataSource
        .getRepository(Disbursement)
        .find({ where: { awardId: id }, order: { trancheIndex: 'ASC', side: 'ASC' } }),
    ]);
    const paid = new Map<Currency, number>();
    for (const d of disbursements.filter((d) => d.status === 'paid')) {
      paid.set(d.currency, (paid.get(d.currency) ?? 0) + d.amountMinor);
    }
    return {
      award,
      lines,
      disbursements,
      paid: [...paid].map(([currency, amountMinor]) => ({ currency, amountMinor })),
    };
  }

  listDisbursements(
    principal: Principal,
    query: ListDisbursementsQuery,
  ): Promise<Page<Disbursement>> {
    const qb = this.dataSource.getRepository(Disbursement).createQueryBuilder('d');
    if (query.awardId) qb.andWhere('d.awardId = :awardId', { awardId: query.awardId });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.paymentRunId) {
      qb.andWhere('d.paymentRunId = :paymentRunId', { paymentRunId: query.paymentRunId });
    }
    Reach.scope(qb, 'disbursement', 'd', principal);
    return paginate(qb, query, [
      { expression: 'd.createdAt', value: (d) => d.createdAt },
      { expression: 'd.id', value: (d) => d.id },
    ]);
  }

  getDisbursement(principal: Principal, id: string): Promise<Disbursement> {
    return Reach.one(
      this.dataSource
        .getRepository(Disbursement)
        .createQueryBuilder('d')
        .where('d.id = :id', { id }),
      'disbursement',
      'd',
      principal,
      'Disbursement',
    );
  }
}
