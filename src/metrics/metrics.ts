import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus registry (one per process; tests boot several apps, so not global). */
export function createRegistry(): { registry: Registry; httpDuration: Histogram<string> } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, httpDuration };
}
