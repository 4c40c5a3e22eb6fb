import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Environment } from '../../config/environment';
import { REDIS } from '../redis/redis.module';

/** What the limiter says of one request. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the client's window starts again. */
  resetSeconds: number;
}

interface ClientWindow {
  /** Which fixed window (epoch ms / window length) the counts belong to. */
  window: number;
  /** The client's total over every API process, as Redis answered at the last sync. */
  synced: number;
  /** Requests this process admitted since then, not yet added to Redis. */
  pending: number;
  /** When this process last saw the client (epoch ms). */
  seenAt: number;
}

/** A client seen within this many sync intervals has its total refreshed at each sync. */
const RECENTLY_SEEN_SYNCS = 20;

/** A Redis outage is reported this often, not once per sync. */
const OUTAGE_LOG_INTERVAL_MS = 60_000;

/**
 * The API-wide limit per client IP (SPEC §3), shared by every API process through Redis without a
 * Redis round trip per request: each process counts locally and every RATE_LIMIT_SYNC_MS adds its
 * counts to Redis in one pipeline, reading back the totals of all processes (for every client it
 * saw lately, so a client spreading its requests is known here by all of them). A request is refused
 * once the client's known total (everyone's at the last sync plus this process's since) reaches
 * the limit, so one process enforces it exactly and N processes can together admit at most what
 * the other N − 1 admit in one sync interval beyond it. Fixed windows aligned to the clock.
 * While Redis is away each process keeps enforcing the limit on its own counts.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly log = new Logger(RateLimiter.name);
  private readonly clients = new Map<string, ClientWindow>();
  private readonly windowMs: number;
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> | undefined;
  private lastOutageLog = 0;

  constructor(
    private readonly env: Environment,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.windowMs = env.RATE_LIMIT_WINDOW_SECONDS * 1000;
    this.timer = setInterval(() => void this.sync(), env.RATE_LIMIT_SYNC_MS).unref();
  }

  /** Counts one request of `client` and says whether it may go on. */
  hit(client: string, now = Date.now()): RateDecision {
    const window = Math.floor(now / this.windowMs);
    let counts = this.clients.get(client);
    if (!counts || counts.window !== window) {
      counts = { window, synced: 0, pending: 0, seenAt: now };
      this.clients.set(client, counts);
    }
    counts.seenAt = now;
    const limit = this.env.RATE_LIMIT_MAX;
    const used = counts.synced + counts.pending;
    const allowed = used < limit;
    if (allowed) counts.pending++;
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - used - 1),
      resetSeconds: Math.ceil(((window + 1) * this.windowMs - now) / 1000),
    };
  }

  /** Adds this process's pending counts to Redis and learns every client's total; one at a time. */
  sync(now = Date.now()): Promise<void> {
    this.syncing ??= this.push(now).finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sync().catch(() => undefined);
  }

  private async push(now: number): Promise<void> {
    const current = Math.floor(now / this.windowMs);
    // A client still sending here gets its total refreshed even with nothing to add: the other
    // processes' requests count against it too.
    const recently = now - RECENTLY_SEEN_SYNCS * this.env.RATE_LIMIT_SYNC_MS;
    const batch: [string, ClientWindow, number][] = [];
    for (const [client, counts] of this.clients) {
      if (counts.window < current) this.clients.delete(client);
      else if (counts.pending > 0 || counts.seenAt >= recently) {
        batch.push([client, counts, counts.pending]);
      }
    }
    if (!batch.length) return;
    const pipeline = this.redis.pipeline();
    for (const [client, counts, pending] of batch) {
      const key = `ratelimit:${counts.window}:${client}`;
      pipeline.incrby(key, pending).pexpire(key, this.windowMs * 2);
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      batch.forEach(([, counts, pending], i) => {
        const [error, total] = results[i * 2] ?? [];
        if (error || typeof total !== 'number') return;
        counts.synced = total;
        counts.pending -= pending;
      });
    } catch (error) {
      if (Date.now() - this.lastOutageLog >= OUTAGE_LOG_INTERVAL_MS) {
        this.lastOutageLog = Date.now();
        this.log.warn({ err: error }, 'rate limit counts not shared (Redis unavailable)');
      }
    }
  }
}
