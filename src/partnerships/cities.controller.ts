import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { CitiesService } from './cities.service';
import { CityPage, CityResponse, CreateCityDto, ListCitiesQuery } from './dto/city.dto';
import { PARTNERSHIP_READERS, REFERENCE_SCOPES } from './access';
import { IdParam } from '../common/http/id-param';

@ApiTags('cities')
@Controller('cities')
export class CitiesController {
  constructor(private readonly cities: CitiesService) {}

  @Post()
  @Allow(['admin'])
  @ApiCreatedResponse({ type: CityResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateCityDto,
  ): Promise<CityResponse> {
    return CityResponse.of(await this.cities.create(principal, dto));
  }

  /** A city user sees only its own city. */
  @Get()
  @Allow(PARTNERSHIP_READERS, { scopes: REFERENCE_SCOPES })
  @ApiOkResponse({ type: CityPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListCitiesQuery,
  ): Promise<CityPage> {
    const page = await this.cities.list(principal, query);
    return { data: page.data.map(CityResponse.of), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(PARTNERSHIP_READERS, { scopes: REFERENCE_SCOPES })
  @ApiOkResponse({ type: CityResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<CityResponse> {
    return CityResponse.of(await this.cities.get(principal, id));
  }
}
