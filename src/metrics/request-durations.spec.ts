import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { RequestDurations } from './request-durations';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const NAME = 'http_request_duration_seconds';

const observation = fc.record({
  method: fc.constantFrom('GET', 'POST'),
  route: fc.constantFrom('/health/live', '/api/v1/applications/:id', 'unmatched'),
  status: fc.constantFrom(200, 201, 404, 500),
  // The bounds themselves (an observation equal to a bound is counted under it) and the rest.
  seconds: fc.oneof(fc.constantFrom(0, ...BUCKETS), fc.double({ min: 0, max: 10, noNaN: true })),
});

describe('RequestDurations', () => {
  it("renders what prom-client's Histogram renders for the same observations", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(observation, { maxLength: 200 }), async (observations) => {
        const ours = new Registry();
        const durations = new RequestDurations(BUCKETS, ours);
        const theirs = new Registry();
        const histogram = new Histogram({
          name: NAME,
          help: durations.help,
          labelNames: ['method', 'route', 'status'],
          buckets: BUCKETS,
          registers: [theirs],
        });
        for (const { method, route, status, seconds } of observations) {
          durations.observe(method, route, status, seconds);
          histogram.observe({ method, route, status: String(status) }, seconds);
        }
        expect(await ours.getSingleMetricAsString(NAME)).toBe(
          await theirs.getSingleMetricAsString(NAME),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('counts a request under every bound at or above its time', async () => {
    const registry = new Registry();
    const durations = new RequestDurations(BUCKETS, registry);
    durations.observe('GET', '/health/live', 200, 0.02);
    const text = await registry.getSingleMetricAsString(NAME);
    const labels = 'method="GET",route="/health/live",status="200"';
    expect(text).toContain(`${NAME}_bucket{le="0.01",${labels}} 0`);
    expect(text).toContain(`${NAME}_bucket{le="0.025",${labels}} 1`);
    expect(text).toContain(`${NAME}_bucket{le="+Inf",${labels}} 1`);
    expect(text).toContain(`${NAME}_count{${labels}} 1`);
  });
});
