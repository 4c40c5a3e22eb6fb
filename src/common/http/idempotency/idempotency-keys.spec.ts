import type { DataSource } from 'typeorm';
import type { Environment } from '../../../config/environment';
import { IdempotencyKeys } from './idempotency-keys';

/** A database that is away for the first `failures` statements, then answers. */
function flakyDatabase(failures: number) {
  const calls: unknown[][] = [];
  const dataSource = {
    query: (_sql: string, parameters: unknown[]) => {
      calls.push(parameters);
      return calls.length <= failures
        ? Promise.reject(new Error('Connection terminated unexpectedly'))
        : Promise.resolve([]);
    },
  } as unknown as DataSource;
  return { calls, keys: new IdempotencyKeys(dataSource, {} as Environment) };
}

describe('IdempotencyKeys.releaseLater (a release the database refused)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('tries again after each delay until the release goes through', async () => {
    const { calls, keys } = flakyDatabase(2);
    keys.releaseLater('user:1', 'key-1', 'token', [100, 200, 400]);
    expect(calls).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(200);
    expect(calls).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(400);
    expect(calls).toEqual([
      ['user:1', 'key-1', 'token'],
      ['user:1', 'key-1', 'token'],
      ['user:1', 'key-1', 'token'],
    ]);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
  });

  it('gives up after the last delay, leaving the claim to lapse', async () => {
    const { calls, keys } = flakyDatabase(Infinity);
    keys.releaseLater('user:1', 'key-1', 'token', [100, 100]);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
  });
});
