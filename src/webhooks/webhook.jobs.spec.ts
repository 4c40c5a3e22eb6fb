import { webhookBackoffMs } from './webhook.jobs';

describe('webhook retry backoff', () => {
  it('doubles from the base delay', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((n) => webhookBackoffMs(n, 1000, middle))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('jitters by ±20 %', () => {
    expect(webhookBackoffMs(3, 1000, () => 0)).toBe(3200);
    expect(webhookBackoffMs(3, 1000, () => 0.999999)).toBe(4800);
    for (let i = 0; i < 100; i += 1) {
      const delay = webhookBackoffMs(2, 50);
      expect(delay).toBeGreaterThanOrEqual(80);
      expect(delay).toBeLessThanOrEqual(120);
    }
  });
});
