import { Module } from '@nestjs/common';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookFanOut } from './webhook-fan-out';
import { WebhooksController } from './webhooks.controller';
import { WebhooksProcessor } from './webhooks.processor';
import { WebhooksService } from './webhooks.service';

/** The API side (SPEC §5.10): subscriptions, the delivery log, redelivery. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService],
})
export class WebhooksModule {}

/** The worker side: domain events fanned out to deliveries, and the deliveries sent. */
@Module({
  providers: [WebhookFanOut, WebhookDeliverer, WebhooksProcessor],
})
export class WebhooksWorkerModule {}
