import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { FX_RATE_READERS, FX_RATE_RECORDERS } from './access';
import { FxRatePage, FxRateResponse, ListFxRatesQuery, RecordFxRateDto } from './dto/fx-rate.dto';
import { FxRatesService } from './fx-rates.service';

@ApiTags('fx-rates')
@Controller('fx-rates')
export class FxRatesController {
  constructor(private readonly fxRates: FxRatesService) {}

  @Post()
  @Allow(FX_RATE_RECORDERS)
  @ApiOperation({
    summary: 'Record an exchange rate',
    description: '409 when the pair already has a rate for that day. Awards use USD→JPY.',
  })
  @ApiCreatedResponse({ type: FxRateResponse })
  async record(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: RecordFxRateDto,
  ): Promise<FxRateResponse> {
    return FxRateResponse.of(await this.fxRates.record(principal, dto));
  }

  @Get()
  @Allow(FX_RATE_READERS)
  @ApiOperation({ summary: 'List exchange rates, newest effective day first' })
  @ApiOkResponse({ type: FxRatePage })
  async list(@Query() query: ListFxRatesQuery): Promise<FxRatePage> {
    const page = await this.fxRates.list(query);
    return { data: page.data.map(FxRateResponse.of), nextCursor: page.nextCursor };
  }
}
