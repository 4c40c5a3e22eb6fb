import { InvalidEnvironmentError, loadEnvironment } from './environment';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/grants',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  ENCRYPTION_KEY_ID: 'k1',
};

describe('loadEnvironment', () => {
  it('applies the documented defaults to a minimal environment', () => {
    const env = loadEnvironment(valid);
    expect(env.PORT).toBe(3000);
    expect(env.IDEMPOTENCY_TTL_HOURS).toBe(24);
    expect(env.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
  });

  it('turns the monthly ledger export off with "off"', () => {
    expect(loadEnvironment({ ...valid, EXPORT_LEDGER_CRON: 'off' }).EXPORT_LEDGER_CRON).toBe('off');
    expect(loadEnvironment(valid).EXPORT_LEDGER_CRON).toBe('0 3 1 * *');
  });

  it('converts numbers and booleans from their string form', () => {
    const env = loadEnvironment({ ...valid, PORT: '8080', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    expect(env.PORT).toBe(8080);
    expect(env.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: undefined }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/x' }],
    ['REDIS_URL', { REDIS_URL: undefined }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['PORT', { PORT: 'eighty' }],
    ['EXPORT_LEDGER_CRON', { EXPORT_LEDGER_CRON: 'monthly' }],
    ['ENCRYPTION_KEYS', { ENCRYPTION_KEYS: 'k1:short' }],
    ['PORT', { PORT: '70000' }],
    ['WEBHOOK_ALLOW_PRIVATE_TARGETS', { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'maybe' }],
    [
      'BOOTSTRAP_ADMIN_EMAIL',
      { BOOTSTRAP_ADMIN_EMAIL: 'not-an-email', BOOTSTRAP_ADMIN_PASSWORD: 'x'.repeat(12) },
    ],
    ['BOOTSTRAP_ADMIN_PASSWORD', { BOOTSTRAP_ADMIN_EMAIL: 'a@b.example' }],
  ])('refuses a bad or missing %s and names it', (name, override) => {
    expect(() => loadEnvironment({ ...valid, ...override })).toThrow(InvalidEnvironmentError);
    expect(() => loadEnvironment({ ...valid, ...override })).toThrow(name);
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      loadEnvironment({ PORT: '-1' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'PORT']) {
      expect(message).toContain(name);
    }
  });
});

describe('document storage settings (issue 17)', () => {
  it('stores on local disk by default, at most 10 MiB', () => {
    const env = loadEnvironment(valid);
    expect(env.DOCUMENT_STORAGE).toBe('local');
    expect(env.DOCUMENT_STORAGE_DIR).toBe('var/documents');
    expect(env.DOCUMENT_MAX_BYTES).toBe(10 * 1024 * 1024);
  });

  it('needs a bucket for S3, credentials in pairs, and a URL endpoint', () => {
    expect(() => loadEnvironment({ ...valid, DOCUMENT_STORAGE: 's3' })).toThrow(/S3_BUCKET/);
    expect(() =>
      loadEnvironment({ ...valid, S3_BUCKET: 'grants', S3_ACCESS_KEY_ID: 'AKID' }),
    ).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
    expect(() => loadEnvironment({ ...valid, S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT/);
    const env = loadEnvironment({
      ...valid,
      DOCUMENT_STORAGE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'grant-documents',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(env).toMatchObject({ S3_BUCKET: 'grant-documents', S3_FORCE_PATH_STYLE: true });
  });
});
