import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable, toProblem } from './problem';

const pgError = (code: string, message = 'error') => Object.assign(new Error(message), { code });

describe('database outages as 503 problems', () => {
  it.each([
    [
      'an administrator terminated the connection',
      new QueryFailedError('SELECT 1', [], pgError('57P01')),
    ],
    ['the server is starting up', pgError('57P03')],
    ['a connection exception (class 08)', pgError('08006')],
    ['the socket closed mid-query', new Error('Connection terminated unexpectedly')],
    ['the pool could not connect', new Error('timeout exceeded when trying to connect')],
    ['the transaction lost its connection', new QueryRunnerAlreadyReleasedError()],
  ])('%s is unavailable', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('23505'))],
    ['a syntax error', pgError('42601')],
    ['any other error', new Error('boom')],
    ['not an error at all', 'Connection terminated'],
  ])('%s is not', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('answers 503 unavailable with Retry-After, and is logged as unexpected', () => {
    const { problem, headers, unexpected } = toProblem(pgError('57P01'), 'req-1', 'en');
    expect(problem).toMatchObject({ status: 503, code: 'unavailable', requestId: 'req-1' });
    expect(headers).toEqual({ 'Retry-After': '2' });
    expect(unexpected).toBe(true);
  });
});
