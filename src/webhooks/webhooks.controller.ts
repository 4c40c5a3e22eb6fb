import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';

import type { Principal } from '../auth/principal';
import { IfMatch, setEtag } from '../common/http/etag';

import {
  CreatedWebhookResponse,
  CreateWebhookDto,
  DeliveryIdParam,
  DeliveryPage,
  DeliveryResponse,
  ListDeliveriesQuery,
  ListWebhooksQuery,
  UpdateWebhookDto,
  WebhookPage,
  WebhookResponse,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';
import { IdParam } from '../common/http/id-param';
import { NotIdempotent } from '../common/http/idempotency/idempotency.interceptor';

const MANAGERS = ['admin'] as const;
const MANAGE = { scopes: ['webhooks:manage'] } as const;
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; 412 when stale',
};

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Allow(MANAGERS, MANAGE)
  // The response holds the signing secret, which must never be stored (a replay would keep it).
  @NotIdempotent()
  @ApiOperation({
    summary: 'Subscribe an endpoint to events',
    description: 'The response carries the signing secret; it is never shown again.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateWebhookDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CreatedWebhookResponse> {
    const { subscription, secret } = await this.webhooks.create(principal, dto);
    setEtag(res, subscription);
    return { ...WebhookResponse.of(subscription), secret };
  }

  @Get()
  @Allow(MANAGERS, MANAGE)
  @ApiOperation({ summary: 'List subscriptions, newest first' })
  @ApiOkResponse({ type: WebhookPage })
  async list(@Query() query: ListWebhooksQuery): Promise<WebhookPage> {
    const page = await this.webhooks.list(query);
    return { data: page.data.map(WebhookResponse.of), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(MANAGERS, MANAGE)
  @ApiOkResponse({ type: WebhookResponse })
  async get(
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<WebhookResponse> {
    const subscription = await this.webhooks.get(id);
    setEtag(res, subscription);
    return WebhookResponse.of(subscription);
  }

  @Patch(':id')
  @Allow(MANAGERS, MANAGE)
  @ApiOperation({ summary: 'Change the URL, events or description; disable or re-enable' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WebhookResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Body() dto: UpdateWebhookDto,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<WebhookResponse> {
    const subscription = await this.webhooks.update(principal, id, dto, expectedVersion);
    setEtag(res, subscription);
    return WebhookResponse.of(subscription);
  }

  @Delete(':id')
  @Allow(MANAGERS, MANAGE)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse()
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    await this.webhooks.remove(principal, id, expectedVersion);
  }

  @Get(':id/deliveries')
  @Allow(MANAGERS, MANAGE)
  @ApiOperation({ summary: 'The delivery log: each delivery with every attempt' })
  @ApiOkResponse({ type: DeliveryPage })
  async deliveries(
    @Param() { id }: IdParam,
    @Query() query: ListDeliveriesQuery,
  ): Promise<DeliveryPage> {
    const page = await this.webhooks.deliveries(id, query);
    return {
      data: page.data.map(({ delivery, attempts }) => DeliveryResponse.of(delivery, attempts)),
      nextCursor: page.nextCursor,
    };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @Allow(MANAGERS, MANAGE)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a delivery again (a new series of attempts)' })
  @ApiAcceptedResponse({ type: DeliveryResponse })
  async redeliver(
    @CurrentPrincipal() principal: Principal,
    @Param() { id, deliveryId }: DeliveryIdParam,
  ): Promise<DeliveryResponse> {
    const { delivery, attempts } = await this.webhooks.redeliver(principal, id, deliveryId);
    return DeliveryResponse.of(delivery, attempts);
  }
}
