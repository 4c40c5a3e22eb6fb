import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { AppError } from '../common/errors/app-error';
import { NotIdempotent } from '../common/http/idempotency/idempotency.interceptor';
import { ApiKeysService } from './api-keys.service';
import {
  ApiKeyPageDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  ListApiKeysQuery,
  toApiKeyDto,
} from './dto/api-key.dto';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () =>
    new AppError('validation_failed', 'The id must be a UUID', [
      { field: 'id', message: 'must be a UUID' },
    ]),
});

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @Allow(['admin'])
  // The response holds the plain key, which must never be stored (a replay could not show it).
  @NotIdempotent()
  @ApiOperation({
    summary: 'Create an API key for a user (admin)',
    description: 'The key is in this response only; only its SHA-256 is stored.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    const { apiKey, key } = await this.apiKeys.create(principal, body);
    const { id, name, scopes, userId, createdAt } = apiKey;
    return { id, name, scopes, key, userId, createdAt };
  }

  @Get()
  @Allow(['admin'])
  @ApiOperation({ summary: 'List API keys, newest first (never the keys themselves)' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  async list(@Query() query: ListApiKeysQuery) {
    const page = await this.apiKeys.list(query);
    return { data: page.data.map(toApiKeyDto), nextCursor: page.nextCursor };
  }

  @Delete(':id')
  @Allow(['admin'])
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an API key (admin); it stops working at once' })
  @ApiNoContentResponse()
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string) {
    await this.apiKeys.revoke(principal, id);
  }
}
