import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InvalidEnvironmentError, loadEnvironment } from '../../config/environment';
import {
  appKeyPrefix,
  parseSentinels,
  queueConnection,
  queuePrefix,
  redisOptions,
  RedisSettings,
} from './redis';

const REQUIRED = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/grants',
  JWT_SECRET: 'x'.repeat(32),
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  ENCRYPTION_KEY_ID: 'k1',
};

/** The REDIS_* settings as loadEnvironment makes them from `vars` (defaults included). */
const settings = (vars: Record<string, string>): RedisSettings =>
  loadEnvironment({ ...REQUIRED, REDIS_URL: 'redis://127.0.0.1:6379', ...vars });

const refused = (vars: Record<string, string>) => () => settings(vars);

describe('redisOptions', () => {
  let dir: string;
  let caFile: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'redis-options-'));
    caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nnot checked here\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('connects to the URL’s host, port and database, without TLS', () => {
    const options = redisOptions(settings({ REDIS_URL: 'redis://cache.internal:6380/3' }));
    expect(options).toMatchObject({ host: 'cache.internal', port: 6380, db: 3 });
    expect(options.tls).toBeUndefined();
    expect(options.sentinels).toBeUndefined();
    expect(options.username).toBeUndefined();
    expect(options.password).toBeUndefined();
  });

  it('defaults the port to 6379 and the database to 0', () => {
    expect(redisOptions(settings({ REDIS_URL: 'redis://cache' }))).toMatchObject({
      host: 'cache',
      port: 6379,
      db: 0,
    });
  });

  it('takes user and password from the URL, decoded', () => {
    const options = redisOptions(settings({ REDIS_URL: 'redis://app%40x:p%2Fss@cache:6379' }));
    expect(options).toMatchObject({ username: 'app@x', password: 'p/ss' });
  });

  it('takes user and password from REDIS_USERNAME / REDIS_PASSWORD when the URL has none', () => {
    const options = redisOptions(settings({ REDIS_USERNAME: 'app', REDIS_PASSWORD: 's3cret' }));
    expect(options).toMatchObject({ username: 'app', password: 's3cret' });
  });

  it('turns TLS on for rediss://, verifying the certificate by default', () => {
    const options = redisOptions(settings({ REDIS_URL: 'rediss://cache:6380' }));
    expect(options.tls).toEqual({ rejectUnauthorized: true });
  });

  it('turns TLS on for redis:// with REDIS_TLS, with a CA file, a server name and no verification', () => {
    const options = redisOptions(
      settings({
        REDIS_TLS: 'true',
        REDIS_TLS_CA_FILE: caFile,
        REDIS_TLS_SERVERNAME: 'redis.internal',
        REDIS_TLS_REJECT_UNAUTHORIZED: 'false',
      }),
    );
    expect(options.tls).toEqual({
      ca: Buffer.from('-----BEGIN CERTIFICATE-----\nnot checked here\n'),
      servername: 'redis.internal',
      rejectUnauthorized: false,
    });
  });

  it('finds the master through the sentinels, keeping the URL’s credentials and database', () => {
    const options = redisOptions(
      settings({
        REDIS_URL: 'redis://:masterpass@ignored:1/2',
        REDIS_SENTINELS: 's1:26379,10.0.0.2:26380,[::1]:26381',
        REDIS_SENTINEL_NAME: 'grants-master',
        REDIS_SENTINEL_PASSWORD: 'sentinelpass',
      }),
    );
    expect(options).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
        { host: '::1', port: 26381 },
      ],
      name: 'grants-master',
      sentinelPassword: 'sentinelpass',
      password: 'masterpass',
      db: 2,
      enableTLSForSentinelMode: false,
    });
    expect(options.host).toBeUndefined();
    expect(options.port).toBeUndefined();
    expect(options.tls).toBeUndefined();
    expect(options.sentinelTLS).toBeUndefined();
  });

  it('names the sentinels’ master group `mymaster` by default', () => {
    expect(redisOptions(settings({ REDIS_SENTINELS: 's1:26379' })).name).toBe('mymaster');
  });

  it('uses TLS to both the sentinels and the master under rediss://', () => {
    const options = redisOptions(
      settings({
        REDIS_URL: 'rediss://ignored:1',
        REDIS_SENTINELS: 's1:26379',
        REDIS_TLS_SERVERNAME: 'redis.internal',
      }),
    );
    const tls = { servername: 'redis.internal', rejectUnauthorized: true };
    expect(options).toMatchObject({ tls, sentinelTLS: tls, enableTLSForSentinelMode: true });
  });

  it('reconnects on READONLY (a failed-over master) and on nothing else', () => {
    const { reconnectOnError } = redisOptions(settings({}));
    expect(
      reconnectOnError!(new Error('READONLY You can’t write against a read only replica.')),
    ).toBe(true);
    expect(reconnectOnError!(new Error('ERR unknown command'))).toBe(false);
  });

  it('gives BullMQ connections no per-request retry limit', () => {
    expect(queueConnection(settings({ REDIS_SENTINELS: 's1:26379' }))).toMatchObject({
      maxRetriesPerRequest: null,
      sentinels: [{ host: 's1', port: 26379 }],
    });
  });
});

describe('key prefixes', () => {
  it('wraps REDIS_PREFIX in a hash tag, for BullMQ and for the app’s own keys', () => {
    const env = settings({ REDIS_PREFIX: 'grants' });
    expect(queuePrefix(env)).toBe('{grants}');
    expect(appKeyPrefix(env)).toBe('{grants}:');
  });
});

describe('parseSentinels', () => {
  it('splits host:port pairs, IPv6 in brackets', () => {
    expect(parseSentinels('a:1,[fe80::1]:2')).toEqual([
      { host: 'a', port: 1 },
      { host: 'fe80::1', port: 2 },
    ]);
  });
});

describe('REDIS_* validation', () => {
  it.each([
    [{ REDIS_SENTINELS: 'sentinel-without-port' }, /REDIS_SENTINELS \(invalid\)/],
    [{ REDIS_SENTINELS: 's1:26379,' }, /REDIS_SENTINELS \(invalid\)/],
    [{ REDIS_SENTINEL_NAME: 'has space' }, /REDIS_SENTINEL_NAME \(invalid\)/],
    [{ REDIS_TLS: 'maybe' }, /REDIS_TLS \(invalid\)/],
    [{ REDIS_TLS_REJECT_UNAUTHORIZED: 'sometimes' }, /REDIS_TLS_REJECT_UNAUTHORIZED \(invalid\)/],
    [{ REDIS_TLS_SERVERNAME: 'not a host' }, /REDIS_TLS_SERVERNAME \(invalid\)/],
    [{ REDIS_URL: 'redis://u@cache', REDIS_USERNAME: 'v' }, /REDIS_USERNAME \(invalid\)/],
    [{ REDIS_URL: 'redis://:p@cache', REDIS_PASSWORD: 'q' }, /REDIS_PASSWORD \(invalid\)/],
    [{ REDIS_URL: 'redis://cache/zero' }, /REDIS_URL \(invalid\)/],
    [{ REDIS_TLS_SERVERNAME: 'redis.internal' }, /REDIS_TLS \(invalid\): .*TLS is off/],
    [
      { REDIS_URL: 'rediss://cache', REDIS_TLS_CA_FILE: '/nonexistent/ca.pem' },
      /REDIS_TLS_CA_FILE \(invalid\): cannot read \/nonexistent\/ca.pem/,
    ],
  ])('refuses %j', (vars, message) => {
    expect(refused(vars)).toThrow(InvalidEnvironmentError);
    expect(refused(vars)).toThrow(message);
  });

  it('accepts a full Sentinel + TLS configuration', () => {
    expect(
      settings({
        REDIS_URL: 'rediss://cache',
        REDIS_SENTINELS: 'a:26379,b:26379,[::1]:26379',
        REDIS_SENTINEL_NAME: 'grants.master-1',
        REDIS_SENTINEL_PASSWORD: 'x',
        REDIS_USERNAME: 'app',
        REDIS_PASSWORD: 'y',
        REDIS_TLS_SERVERNAME: 'redis.internal',
        REDIS_TLS_REJECT_UNAUTHORIZED: 'false',
      }),
    ).toMatchObject({ REDIS_TLS: false, REDIS_TLS_REJECT_UNAUTHORIZED: false });
  });
});
