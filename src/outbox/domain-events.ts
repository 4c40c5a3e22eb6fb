import { Injectable } from '@nestjs/common';

/** An outbox row as the `domain-events` queue carries it (job name = type, job id = id). */
export interface DomainEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/**
 * Must be idempotent: a job is retried as a whole when any handler of its type fails, and may be
 * delivered again after a crash.
 */
export type DomainEventHandler = (event: DomainEvent) => Promise<void>;

/**
 * Who reacts to which event type (webhooks, notifications …). Modules register in their
 * `onModuleInit`; the domain-events processor calls the handlers of a job's type in order.
 */
@Injectable()
export class DomainEventHandlers {
  private readonly byType = new Map<string, DomainEventHandler[]>();

  on(type: string, handler: DomainEventHandler): void {
    this.byType.set(type, [...this.handlersOf(type), handler]);
  }

  handlersOf(type: string): readonly DomainEventHandler[] {
    return this.byType.get(type) ?? [];
  }
}
