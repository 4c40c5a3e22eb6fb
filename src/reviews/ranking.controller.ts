import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { RANKING_READERS } from './access';
import { RankingResponse } from './dto/ranking.dto';
import { RankingService } from './ranking.service';
import { IdParam } from '../common/http/id-param';

@ApiTags('reviews')
@Controller('rounds')
export class RankingController {
  constructor(private readonly ranking: RankingService) {}

  @Get(':id/ranking')
  @Allow(RANKING_READERS)
  @ApiOperation({
    summary: 'The round’s applications ranked by reviewer-normalised score',
    description:
      'Per application: reviews submitted/assigned, weighted mean, mean per-reviewer z-score, ' +
      'spread, needsDiscussion, requested amounts, rank',
  })
  @ApiOkResponse({ type: RankingResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<StreamableFile> {
    // `RankingResponse` as JSON, streamed: the whole round is never in memory at once.
    return new StreamableFile(await this.ranking.ranking(principal, id), {
      type: 'application/json; charset=utf-8',
    });
  }
}
