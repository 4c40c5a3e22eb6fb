import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../../common/http/pagination';

import { WEBHOOK_EVENTS, type WebhookEvent } from '../webhook-events';

import type { WebhookAttempt } from '../webhook-attempt.entity';
import type { WebhookDelivery } from '../webhook-delivery.entity';
import type { WebhookSubscription } from '../webhook-subscription.entity';
import { IdParam } from '../../common/http/id-param';

const MAX_EVENTS = 20;

const URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  // Credentials in the URL would be stored and shown in clear; fetch refuses them anyway.
  disallow_auth: true,
};

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://crm.example.org/hooks/grants', maxLength: 2000 })
  @IsUrl(URL_OPTIONS, { message: 'url must be an http or https URL' })
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, minItems: 1, maxItems: MAX_EVENTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENTS)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: WebhookEvent[];

  @ApiPropertyOptional({ maxLength: 500, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'url must be an http or https URL' })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENTS, isArray: true, minItems: 1, maxItems: MAX_EVENTS })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENTS)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: WebhookEvent[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({
    enum: ['active', 'disabled'],
    description: 'Re-enabling a disabled subscription clears its failure count',
  })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';
}

export class DeliveryIdParam extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  deliveryId: string;
}

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'succeeded', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'succeeded', 'failed'])
  status?: WebhookDelivery['status'];
}

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events: string[];
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['active', 'disabled'] }) status: 'active' | 'disabled';
  @ApiProperty({ description: 'Deliveries that ended failed in a row' })
  consecutiveFailures: number;
  @ApiProperty({ nullable: true, type: String }) disabledReason: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ description: 'The ETag, as an integer' }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  /** Never the secret, not even encrypted. */
  static of(s: WebhookSubscription): WebhookResponse {
    return {
      id: s.id,
      url: s.url,
      events: s.events,
      description: s.description,
      status: s.status,
      consecutiveFailures: s.consecutiveFailures,
      disabledReason: s.disabledReason,
      createdBy: s.createdBy,
      version: s.version,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    };
  }
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret: shown only in this response, store it now',
  })
  secret: string;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookResponse] }) data: WebhookResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AttemptResponse {
  @ApiProperty() attemptedAt: Date;
  @ApiProperty({ nullable: true, type: Number }) statusCode: number | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ nullable: true, type: String, description: 'The start of the response body' })
  responseExcerpt: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'timeout' }) error: string | null;

  static of(a: WebhookAttempt): AttemptResponse {
    return {
      attemptedAt: a.attemptedAt,
      statusCode: a.statusCode,
      durationMs: a.durationMs,
      responseExcerpt: a.responseExcerpt,
      error: a.error,
    };
  }
}

export class DeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The webhook-id header' }) eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status: WebhookDelivery['status'];
  @ApiProperty({ type: [AttemptResponse], description: 'Oldest first' })
  attempts: AttemptResponse[];
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) deliveredAt: Date | null;

  static of(d: WebhookDelivery, attempts: WebhookAttempt[]): DeliveryResponse {
    return {
      id: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      status: d.status,
      attempts: attempts.map(AttemptResponse.of),
      createdAt: d.createdAt,
      deliveredAt: d.deliveredAt,
    };
  }
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryResponse] }) data: DeliveryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListWebhooksQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';
}
