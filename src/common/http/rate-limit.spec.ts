import type Redis from 'ioredis';
import { Environment } from '../../config/environment';
import { RateLimiter } from './rate-limit';

describe('RateLimiter (one process)', () => {
  const env = Object.assign(new Environment(), {
    RATE_LIMIT_MAX: 3,
    RATE_LIMIT_WINDOW_SECONDS: 60,
    RATE_LIMIT_SYNC_MS: 10_000,
  });
  // Nothing is synced in these tests: the limit holds on this process's own counts.
  const limiter = new RateLimiter(env, {} as Redis);
  afterAll(() => clearInterval((limiter as unknown as { timer: NodeJS.Timeout }).timer));

  const start = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);

  it('admits the limit per client and window, then refuses until the next window', () => {
    const decisions = [0, 1, 2, 3, 4].map((i) => limiter.hit('10.0.0.1', start + i * 1000));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(decisions[3].resetSeconds).toBe(57);
    expect(limiter.hit('10.0.0.2', start + 5000).allowed).toBe(true);
    expect(limiter.hit('10.0.0.1', start + 60_000)).toMatchObject({
      allowed: true,
      remaining: 2,
      resetSeconds: 60,
    });
  });
});
