import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { Environment } from '../config/environment';
import { AppError } from '../common/errors/app-error';
import { REDIS } from '../common/redis/redis.module';

/**
 * Failed-login counters in Redis, per e-mail (stops guessing one account's password) and per IP
 * (stops one client trying many accounts). A fixed window starts at the first failure; once a
 * counter reaches its limit every login for that e-mail / from that IP is refused until the window
 * ends, even with the right password, so a guesser learns nothing from the answer.
 */
@Injectable()
export class LoginThrottle {
  private readonly log = new Logger(LoginThrottle.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: Environment,
  ) {}

  /** Throws 429 with Retry-After while either counter is at its limit. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    let counts: [number, number][];
    try {
      const replies = await this.redis
        .multi()
        .get(keys.email)
        .pttl(keys.email)
        .get(keys.ip)
        .pttl(keys.ip)
        .exec();
      const values = (replies ?? []).map(([, value]) => Number(value ?? 0));
      counts = [
        [values[0] ?? 0, values[1] ?? 0],
        [values[2] ?? 0, values[3] ?? 0],
      ];
    } catch (err) {
      // Same policy as the global rate limit: with Redis away, logins still work (fail open).
      this.log.warn({ err }, 'login throttle unavailable; attempt allowed');
      return;
    }
    const limits = [this.env.LOGIN_MAX_FAILURES_PER_EMAIL, this.env.LOGIN_MAX_FAILURES_PER_IP];
    const blockedFor = counts
      .filter(([count], i) => count >= (limits[i] ?? Infinity))
      .map(([, ttlMs]) => (ttlMs > 0 ? ttlMs : this.env.LOGIN_FAILURE_WINDOW_SECONDS * 1000));
    if (blockedFor.length) {
      const retryAfter = Math.max(1, Math.ceil(Math.max(...blockedFor) / 1000));
      throw new AppError(
        'rate_limited',
        'Too many failed logins; try again after the time in Retry-After',
        undefined,
        { 'Retry-After': String(retryAfter) },
      );
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const window = this.env.LOGIN_FAILURE_WINDOW_SECONDS;
    const { email: emailKey, ip: ipKey } = this.keys(email, ip);
    await this.redis
      .multi()
      .incr(emailKey)
      .expire(emailKey, window, 'NX')
      .incr(ipKey)
      .expire(ipKey, window, 'NX')
      .exec()
      .catch((err: unknown) => this.log.warn({ err }, 'could not record a failed login'));
  }

  /** A successful login clears the address's counter; the IP's keeps counting its failures. */
  async recordSuccess(email: string): Promise<void> {
    await this.redis
      .del(this.keys(email, '').email)
      .catch((err: unknown) => this.log.warn({ err }, 'could not clear failed logins'));
  }

  /** The address is hashed so Redis holds no e-mail addresses. */
  private keys(email: string, ip: string) {
    const address = createHash('sha256').update(email).digest('hex');
    return { email: `login-fail:email:${address}`, ip: `login-fail:ip:${ip}` };
  }
}
