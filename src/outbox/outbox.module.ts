import { Global, Module } from '@nestjs/common';
import { DomainEventHandlers } from './domain-events';
import { DomainEventsProcessor } from './domain-events.processor';
import { OutboxRelay } from './outbox.relay';

/**
 * The worker's side of the outbox: the relay into BullMQ and the processor that hands each event
 * to the handlers registered for its type. Global so handler modules can inject the registry.
 */
@Global()
@Module({
  providers: [DomainEventHandlers, OutboxRelay, DomainEventsProcessor],
  exports: [DomainEventHandlers],
})
export class OutboxModule {}
