import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { ChangeLog } from '../audit/change-log.service';
import { AppError } from '../common/errors/app-error';
import { Page, paginate } from '../common/http/pagination';
import { City } from './city.entity';
import { CreatePartnershipDto, ListPartnershipsQuery } from './dto/partnership.dto';
import { Partnership } from './partnership.entity';
import { isUniqueViolation } from '../database/errors';

@Injectable()
export class PartnershipsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  async create(actor: Principal, dto: CreatePartnershipDto): Promise<Partnership> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { jpCity, usCity } = await this.pairOf(manager, dto);
        const duplicate = await manager.existsBy(Partnership, {
          jpCityId: jpCity.id,
          usCityId: usCity.id,
        });
        if (duplicate) throw duplicatePair(jpCity, usCity);
        const partnership = await manager.save(
          manager.create(Partnership, {
            jpCityId: jpCity.id,
            usCityId: usCity.id,
            establishedOn: dto.establishedOn,
            status: dto.status,
          }),
        );
        await this.changeLog.record(manager, {
          actor,
          action: 'partnership.created',
          entity: { type: 'partnership', id: partnership.id },
          data: {
            jpCityId: jpCity.id,
            usCityId: usCity.id,
            establishedOn: dto.establishedOn,
            status: dto.status,
          },
        });
        return Object.assign(partnership, { jpCity, usCity });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('conflict', 'These two cities are already partners');
      }
      throw error;
    }
  }

  list(principal: Principal, query: ListPartnershipsQuery): Promise<Page<Partnership>> {
    const qb = this.withCities();
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.cityId) {
      qb.andWhere('(p.jpCityId = :cityId OR p.usCityId = :cityId)', { cityId: query.cityId });
    }
    Reach.scope(qb, 'partnership', 'p', principal);
    // Oldest affiliation first (Saint Paul–Nagasaki, 1955); the id breaks ties.
    return paginate(
      qb,
      query,
      [
        { expression: 'p.establishedOn', value: (p) => p.establishedOn },
        { expression: 'p.id', value: (p) => p.id },
      ],
      'ASC',
    );
  }

  get(principal: Principal, id: string): Promise<Partnership> {
    const qb = this.withCities().where('p.id = :id', { id });
    return Reach.one(qb, 'partnership', 'p', principal, 'Partnership');
  }

  private withCities() {
    return this.dataSource
      .getRepository(Partnership)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.jpCity', 'jp')
      .innerJoinAndSelect('p.usCity', 'us');
  }

  /** Both cities, each on its own side: a partnership pairs one JP city with one US city. */
  private async pairOf(manager: EntityManager, dto: CreatePartnershipDto) {
    const cities = await manager.findBy(City, { id: In([dto.jpCityId, dto.usCityId]) });
    const jpCity = cities.find((c) => c.id === dto.jpCityId);
    const usCity = cities.find((c) => c.id === dto.usCityId);
    if (!jpCity) throw new AppError('rule_violation', `jpCityId ${dto.jpCityId} names no city`);
    if (!usCity) throw new AppError('rule_violation', `usCityId ${dto.usCityId} names no city`);
    if (jpCity.country !== 'JP') {
      throw new AppError('rule_violation', `jpCityId names ${jpCity.nameEn}, which is not in JP`);
    }
    if (usCity.country !== 'US') {
      throw new AppError(
        'rule_violation',
        `usCityId names ${usCity.nameEn}, which is not in the US`,
      );
    }
    return { jpCity, usCity };
  }
}

const duplicatePair = (jp: City, us: City) =>
  new AppError('conflict', `${jp.nameEn} and ${us.nameEn} are already partners`);
