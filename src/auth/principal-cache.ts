import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { Environment } from '../config/environment';

/** The channel the `principal_changed` triggers notify (migration PrincipalChangeNotifications). */
export const PRINCIPAL_CHANGED = 'principal_changed';

/** A cached principal, or what a principal is made from: always someone's. */
type Entry = { userId: string };

/** More entries than this and the cache starts again empty (forged ids must not grow it). */
const MAX_ENTRIES = 50_000;
const RECONNECT_DELAY_MS = 1_000;

/**
 * Who a user or an API key is (role, city, scopes …), kept between requests so an authenticated
 * request is not one more database round trip — and dropped the moment PostgreSQL says it
 * changed: triggers on `users` and `api_keys` notify `principal_changed` at commit, and this
 * process listens on a connection of its own. While that connection is down nothing is cached
 * (and what was is dropped), so a missed notification can never leave a stale principal behind.
 * A load that overlapped an invalidation is not kept either (the generation moved on meanwhile).
 */
@Injectable()
export class PrincipalCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(PrincipalCache.name);
  private readonly entries = new Map<string, Entry>();
  private listener: Client | undefined;
  private listening = false;
  private closed = false;
  /** Moves on at every invalidation; a load keeps its result only if it did not. */
  generation = 0;

  constructor(private readonly env: Environment) {}

  onApplicationBootstrap(): void {
    void this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.forgetAll();
    await this.listener?.end().catch(() => undefined);
  }

  get<T extends Entry>(key: string): T | undefined {
    return this.entries.get(key) as T | undefined;
  }

  /** Keeps `value` unless the cache is off or something changed since `generation` was read. */
  keep(key: string, value: Entry, generation: number): void {
    if (!this.listening || generation !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, value);
  }

  /** Drops every entry of `userId` (its token principal and its API keys). */
  forgetUser(userId: string): void {
    this.generation++;
    for (const [key, value] of this.entries) if (value.userId === userId) this.entries.delete(key);
  }

  private forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new Client({
      connectionString: this.env.DATABASE_URL,
      application_name: 'principal-cache',
    });
    this.listener = client;
    const lost = (error?: Error) => {
      if (client !== this.listener) return;
      this.listener = undefined;
      this.listening = false;
      this.forgetAll();
      if (this.closed) return;
      if (error) this.log.warn({ err: error }, 'principal cache off until LISTEN reconnects');
      client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), RECONNECT_DELAY_MS).unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel === PRINCIPAL_CHANGED && message.payload) {
        this.forgetUser(message.payload);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PRINCIPAL_CHANGED}`);
      if (client !== this.listener || this.closed) return;
      this.forgetAll(); // whatever changed while nobody listened
      this.listening = true;
    } catch (error) {
      lost(error as Error);
    }
  }
}
