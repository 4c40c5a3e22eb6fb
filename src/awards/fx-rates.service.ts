import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ChangeLog } from '../audit/change-log.service';
import { AppError } from '../common/errors/app-error';
import { Page, paginate } from '../common/http/pagination';
import { parseDecimalRate } from '../common/money/money';
import { isUniqueViolation } from '../database/errors';
import type { ListFxRatesQuery, RecordFxRateDto } from './dto/fx-rate.dto';
import { trimRate } from './fx';
import { FxRate } from './fx-rate.entity';

/** numeric(24,10): 14 integer digits fit the column; parseDecimalRate alone allows 18. */
const MAX_RATE_INTEGER_DIGITS = 14;

function invalidRate(message: string): AppError {
  return new AppError('validation_failed', 'The rate is not a valid decimal', [
    { field: 'rate', message },
  ]);
}

/** The rate exactly as stored and compared: a plain decimal without redundant zeros. */
function normalisedRate(rate: string): string {
  try {
    parseDecimalRate(rate);
  } catch (error) {
    if (error instanceof RangeError) throw invalidRate(error.message);
    throw error;
  }
  const whole = rate.split('.')[0].replace(/^0+(?=\d)/, '');
  if (whole.length > MAX_RATE_INTEGER_DIGITS) {
    throw invalidRate(`rate must have at most ${MAX_RATE_INTEGER_DIGITS} integer digits`);
  }
  return trimRate(rate);
}

/** FX rates finance records (SPEC §5.9); awards read the rate of their decision day. */
@Injectable()
export class FxRatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  async record(principal: Principal, dto: RecordFxRateDto): Promise<FxRate> {
    if (dto.base === dto.quote) {
      throw new AppError('validation_failed', 'A rate converts between two currencies', [
        { field: 'quote', message: 'quote must differ from base' },
      ]);
    }
    const rate = normalisedRate(dto.rate);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const row = await manager.save(
          manager.create(FxRate, {
            base: dto.base,
            quote: dto.quote,
            rate,
            effectiveOn: dto.effectiveOn,
            recordedBy: principal.userId,
          }),
        );
        await this.changeLog.record(manager, {
          actor: principal,
          action: 'fx_rate.recorded',
          entity: { type: 'fx_rate', id: row.id },
          data: { base: dto.base, quote: dto.quote, rate, effectiveOn: dto.effectiveOn },
        });
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'ux_fx_rates_day')) {
        throw new AppError(
          'conflict',
          `A ${dto.base}→${dto.quote} rate is already recorded for ${dto.effectiveOn}`,
        );
      }
      throw error;
    }
  }

  /** Newest effective day first. */
  list(query: ListFxRatesQuery): Promise<Page<FxRate>> {
    const qb = this.dataSource.getRepository(FxRate).createQueryBuilder('f');
    if (query.base) qb.andWhere('f.base = :base', { base: query.base });
    if (query.quote) qb.andWhere('f.quote = :quote', { quote: query.quote });
    return paginate(qb, query, [
      { expression: 'f.effectiveOn', value: (f) => f.effectiveOn },
      { expression: 'f.id', value: (f) => f.id },
    ]);
  }
}
