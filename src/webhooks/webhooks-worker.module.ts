import { Module } from '@nestjs/common';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookFanOut } from './webhook-fan-out';
import { WebhooksProcessor } from './webhooks.processor';

/**
 * The worker side: domain events fanned out to deliveries, and the deliveries sent. A file of its
 * own so that the API never loads the delivery's HTTP client (undici).
 */
@Module({
  providers: [WebhookFanOut, WebhookDeliverer, WebhooksProcessor],
})
export class WebhooksWorkerModule {}
