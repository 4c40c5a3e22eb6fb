import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { ChangeLog } from '../audit/change-log.service';
import { AppError } from '../common/errors/app-error';
import { Page, paginate } from '../common/http/pagination';
import { City } from './city.entity';
import { CreateCityDto, ListCitiesQuery } from './dto/city.dto';
import { ianaTimeZone, placeErrors } from './places';
import { isUniqueViolation } from '../database/errors';

@Injectable()
export class CitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  async create(actor: Principal, dto: CreateCityDto): Promise<City> {
    const errors = placeErrors(dto);
    if (errors.length)
      throw new AppError('validation_failed', 'The city’s place is invalid', errors);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const city = await manager.save(
          manager.create(City, {
            country: dto.country,
            nameEn: dto.name.en,
            nameJa: dto.name.ja ?? null,
            region: dto.region,
            timezone: ianaTimeZone(dto.timezone) ?? dto.timezone,
          }),
        );
        await this.changeLog.record(manager, {
          actor,
          action: 'city.created',
          entity: { type: 'city', id: city.id },
          data: { country: city.country, region: city.region, name: city.name },
        });
        return city;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(
          'conflict',
          `A ${dto.country} city named ${dto.name.en} already exists in ${dto.region}`,
        );
      }
      throw error;
    }
  }

  list(principal: Principal, query: ListCitiesQuery): Promise<Page<City>> {
    const qb = this.dataSource.getRepository(City).createQueryBuilder('c');
    if (query.country) qb.andWhere('c.country = :country', { country: query.country });
    if (query.region) qb.andWhere('c.region = :region', { region: query.region });
    Reach.scope(qb, 'city', 'c', principal);
    return paginate(
      qb,
      query,
      [
        { expression: 'c.nameEn', value: (c) => c.nameEn },
        { expression: 'c.id', value: (c) => c.id },
      ],
      'ASC',
    );
  }

  get(principal: Principal, id: string): Promise<City> {
    const qb = this.dataSource
      .getRepository(City)
      .createQueryBuilder('c')
      .where('c.id = :id', { id });
    return Reach.one(qb, 'city', 'c', principal, 'City');
  }
}
