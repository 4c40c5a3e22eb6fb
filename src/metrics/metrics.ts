import { Registry, collectDefaultMetrics } from 'prom-client';
import { RequestDurations } from './request-durations';

/** The process's Prometheus registry (one per process; tests boot several apps, so not global). */
export function createRegistry(): { registry: Registry; httpDuration: RequestDurations } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new RequestDurations(
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registry,
  );
  return { registry, httpDuration };
}
