/**
 * The environment every e2e test starts from. Each test app then gets its own database and
 * Redis prefix (see app.ts); these are only the shared defaults.
 */
import { assertTestDatabase } from './databases';

export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** Set by global-setup for this run (one template per run, so concurrent runs never collide). */
export const templateDatabase = () =>
  process.env.TEST_TEMPLATE_DATABASE ?? `grants_test_template_${process.pid}`;

assertTestDatabase(templateDatabase());

Object.assign(process.env, {
  NODE_ENV: 'test',
  DATABASE_URL: `${TEST_SERVER_URL}/${templateDatabase()}`,
  REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  BOOTSTRAP_ADMIN_EMAIL: '',
  BOOTSTRAP_ADMIN_PASSWORD: '',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  // Test-only key (32 bytes of 0x01): never used outside tests.
  ENCRYPTION_KEYS: `test1:${Buffer.alloc(32, 1).toString('base64')}`,
  ENCRYPTION_KEY_ID: 'test1',
  EXPORT_STORAGE_DIR: process.env.TEST_EXPORT_STORAGE_DIR ?? '/tmp/grants-test-exports',
});
