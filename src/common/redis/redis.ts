import type { RedisOptions as QueueRedisOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { accessSync, constants, readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { Environment } from '../../config/environment';

/** What a Redis connection is built from: the REDIS_* settings of the Environment. */
export type RedisSettings = Pick<
  Environment,
  | 'REDIS_URL'
  | 'REDIS_PREFIX'
  | 'REDIS_SENTINELS'
  | 'REDIS_SENTINEL_NAME'
  | 'REDIS_SENTINEL_PASSWORD'
  | 'REDIS_USERNAME'
  | 'REDIS_PASSWORD'
  | 'REDIS_TLS'
  | 'REDIS_TLS_CA_FILE'
  | 'REDIS_TLS_SERVERNAME'
  | 'REDIS_TLS_REJECT_UNAUTHORIZED'
>;

/**
 * ioredis options of every Redis connection of both processes (the shared one, BullMQ's, the
 * outbox relay's, the tests' and the bench's): the server from REDIS_URL, or the master of
 * REDIS_SENTINEL_NAME from REDIS_SENTINELS, with credentials and TLS. Callers add what their role
 * needs (BullMQ: `maxRetriesPerRequest: null`; the relay: no offline queue).
 */
export function redisOptions(env: RedisSettings): RedisOptions {
  const url = new URL(env.REDIS_URL);
  const tls = tlsOptions(env, url);
  const common: RedisOptions = {
    username: url.username ? decodeURIComponent(url.username) : env.REDIS_USERNAME,
    password: url.password ? decodeURIComponent(url.password) : env.REDIS_PASSWORD,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls,
    // A failover leaves connections on the old master, now a replica refusing writes: reconnect
    // (through the sentinels, or the managed endpoint's DNS) to reach the new one.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
  };
  if (!env.REDIS_SENTINELS) {
    return { ...common, host: url.hostname, port: url.port ? Number(url.port) : 6379 };
  }
  return {
    ...common,
    sentinels: parseSentinels(env.REDIS_SENTINELS),
    name: env.REDIS_SENTINEL_NAME,
    sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
    // TLS covers both hops: the sentinels and the master they name.
    sentinelTLS: tls,
    enableTLSForSentinelMode: tls !== undefined,
  };
}

/** BullMQ's connection: its blocking commands must wait out an outage, never give up. */
export function queueConnection(env: RedisSettings): QueueRedisOptions {
  // BullMQ's type forbids only `retryStrategy: null`, which redisOptions never sets.
  return { ...redisOptions(env), maxRetriesPerRequest: null } as QueueRedisOptions;
}

/**
 * BullMQ's key prefix, a hash tag (`{grants}`): every key of every queue lands in one Cluster
 * slot, as BullMQ's Lua scripts (several keys each, and across queues for parent jobs) need.
 */
export function queuePrefix(env: Pick<Environment, 'REDIS_PREFIX'>): string {
  return `{${env.REDIS_PREFIX}}`;
}

/**
 * The prefix of the app's own keys (rate limits, failed logins, the relay's marker): the same
 * hash tag, so a MULTI or pipeline over several of them never crosses slots, and the relay's
 * marker lives (and is lost) with the jobs it vouches for.
 */
export function appKeyPrefix(env: Pick<Environment, 'REDIS_PREFIX'>): string {
  return `${queuePrefix(env)}:`;
}

/** `host:port,[::1]:port` → ioredis sentinel addresses. */
export function parseSentinels(list: string): { host: string; port: number }[] {
  return list.split(',').map((entry) => {
    const at = entry.lastIndexOf(':');
    const host = entry.slice(0, at).replace(/^\[(.*)\]$/, '$1');
    return { host, port: Number(entry.slice(at + 1)) };
  });
}

function tlsOptions(env: RedisSettings, url: URL): ConnectionOptions | undefined {
  if (!env.REDIS_TLS && url.protocol !== 'rediss:') return undefined;
  return {
    ...(env.REDIS_TLS_CA_FILE ? { ca: readFileSync(env.REDIS_TLS_CA_FILE) } : {}),
    ...(env.REDIS_TLS_SERVERNAME ? { servername: env.REDIS_TLS_SERVERNAME } : {}),
    rejectUnauthorized: env.REDIS_TLS_REJECT_UNAUTHORIZED,
  };
}

/**
 * What the class validators cannot see of the REDIS_* settings together, as a line naming the
 * variable (loadEnvironment), or null.
 */
export function redisSettingsProblem(env: RedisSettings): string | null {
  const url = new URL(env.REDIS_URL);
  if (env.REDIS_USERNAME && url.username) {
    return 'REDIS_USERNAME (invalid): REDIS_URL already names a user; set it in one place';
  }
  if (env.REDIS_PASSWORD && url.password) {
    return 'REDIS_PASSWORD (invalid): REDIS_URL already carries a password; set it in one place';
  }
  if (url.pathname.length > 1 && !/^\/\d{1,2}$/.test(url.pathname)) {
    return 'REDIS_URL (invalid): the path must be a database number (redis://host:port/0)';
  }
  const tls = env.REDIS_TLS || url.protocol === 'rediss:';
  if (!tls && (env.REDIS_TLS_CA_FILE || env.REDIS_TLS_SERVERNAME)) {
    return 'REDIS_TLS (invalid): REDIS_TLS_* settings given but TLS is off (REDIS_TLS=true or rediss://)';
  }
  if (env.REDIS_TLS_CA_FILE) {
    try {
      accessSync(env.REDIS_TLS_CA_FILE, constants.R_OK);
    } catch {
      return `REDIS_TLS_CA_FILE (invalid): cannot read ${env.REDIS_TLS_CA_FILE}`;
    }
  }
  return null;
}
