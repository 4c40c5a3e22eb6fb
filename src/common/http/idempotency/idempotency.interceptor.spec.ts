import { AppError } from '../../errors/app-error';
import { assertValidKey, requestHash } from './idempotency.interceptor';

describe('Idempotency-Key header', () => {
  it.each([
    ['one character', 'a'],
    ['a typical key', 'order-2024-0001'],
    ['255 characters', 'x'.repeat(255)],
    ['spaces and punctuation', 'with space ~!@#$%^&*()'],
  ])('accepts %s', (_, key) => expect(() => assertValidKey(key)).not.toThrow());

  it.each([
    ['an empty key', ''],
    ['256 characters', 'x'.repeat(256)],
    ['a tab', 'tab\there'],
    ['a newline', 'new\nline'],
    ['Cyrillic', 'ключ'],
    ['Latin-1', 'caf\u00e9'],
  ])('refuses %s with validation_failed naming the header', (_, key) => {
    let thrown: unknown;
    try {
      assertValidKey(key);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'Idempotency-Key' }],
    });
  });
});

describe('requestHash', () => {
  const secret = 'a-secret-of-some-length';

  it('does not depend on the order of body keys', () => {
    expect(requestHash(secret, 'POST', '/api/v1/users', { a: 1, b: { c: 2, d: 3 } })).toBe(
      requestHash(secret, 'POST', '/api/v1/users', { b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it('differs for another body, path, query or method', () => {
    const base = requestHash(secret, 'POST', '/api/v1/users', { a: 1 });
    expect(requestHash(secret, 'POST', '/api/v1/users', { a: 2 })).not.toBe(base);
    expect(requestHash(secret, 'POST', '/api/v1/rounds', { a: 1 })).not.toBe(base);
    expect(requestHash(secret, 'POST', '/api/v1/users?x=1', { a: 1 })).not.toBe(base);
    expect(requestHash(secret, 'PUT', '/api/v1/users', { a: 1 })).not.toBe(base);
  });

  it('is keyed: a dump of hashes does not reveal a guessable body', () => {
    expect(requestHash(secret, 'POST', '/p', { password: 'hunter2' })).not.toBe(
      requestHash('another-secret', 'POST', '/p', { password: 'hunter2' }),
    );
    expect(requestHash(secret, 'POST', '/p', undefined)).toMatch(/^[0-9a-f]{64}$/);
  });
});
