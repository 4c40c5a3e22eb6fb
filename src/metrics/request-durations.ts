import type { Metric, Registry } from 'prom-client';

interface Series {
  labels: { method: string; route: string; status: string };
  /** Observations per bucket (not cumulative): the first bound each one fitted under. */
  counts: number[];
  sum: number;
  count: number;
}

const NAME = 'http_request_duration_seconds';

/**
 * `http_request_duration_seconds`: a Prometheus histogram of request latency by method, route
 * and status, kept in plain counters per series. prom-client's Histogram hashes the label set on
 * every observation, even through a bound child: that was a third of the API's CPU on a
 * `/health/live` request. The registry renders this one like any histogram (cumulative `_bucket`
 * series up to `+Inf`, `_sum`, `_count`).
 */
export class RequestDurations {
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  readonly name = NAME;
  readonly help = 'HTTP request latency by method, route and status';
  readonly type = 'histogram';
  readonly aggregator = 'sum';

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (!series) {
      const labels = { method, route, status: String(status) };
      series = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    for (let i = 0; i < this.buckets.length; i++) {
      if (seconds <= this.buckets[i]) {
        series.counts[i] += 1;
        break;
      }
    }
    series.sum += seconds;
    series.count += 1;
  }

  /** What the registry renders, in prom-client's own histogram form (its metric interface). */
  get() {
    const values = [];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      for (const [i, le] of this.buckets.entries()) {
        cumulative += counts[i];
        values.push(value(`${NAME}_bucket`, { le }, labels, cumulative));
      }
      values.push(value(`${NAME}_bucket`, { le: '+Inf' }, labels, count));
      values.push(value(`${NAME}_sum`, {}, labels, sum));
      values.push(value(`${NAME}_count`, {}, labels, count));
    }
    const { name, help, type, aggregator } = this;
    return { name, help, type, aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}

function value(
  metricName: string,
  labels: { le?: number | string },
  sharedLabels: Series['labels'],
  count: number,
) {
  return { metricName, labels, sharedLabels, value: count };
}
