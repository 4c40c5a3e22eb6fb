import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { redisSettingsProblem } from '../common/redis/redis';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no', ''].includes(v)) return false;
  return value;
};

/**
 * Every setting the two processes read. Values come only from the environment (and `.env`);
 * a missing or malformed one stops start-up with a message naming it.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * `redis://` or `rediss://` (TLS). Under REDIS_SENTINELS only its user, password, db and scheme
   * count: the sentinels name the master's host and port.
   */
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL: string;

  /**
   * Prefix of every Redis key (queues, rate limits); tests give each file its own. Keys are
   * written under the hash tag `{REDIS_PREFIX}:` so that on a Redis Cluster they share one slot.
   */
  @Matches(/^[a-z0-9_-]{1,40}$/i, { message: 'must be 1-40 letters, digits, _ or -' })
  REDIS_PREFIX = 'grants';

  /** Sentinels as `host:port[,host:port…]`; when set, the master is found through them. */
  @IsOptional()
  @Matches(/^(\[[0-9a-f:.]+\]|[^\s,:[\]]+):\d{1,5}(,(\[[0-9a-f:.]+\]|[^\s,:[\]]+):\d{1,5})*$/i, {
    message: 'must be host:port[,host:port…]',
  })
  REDIS_SENTINELS?: string;

  /** The master group the sentinels monitor (`sentinel monitor <name> …`). */
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 letters, digits, ., _ or -' })
  REDIS_SENTINEL_NAME = 'mymaster';

  /** The sentinels' own password (`requirepass` of sentinel.conf), when they have one. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  REDIS_SENTINEL_PASSWORD?: string;

  /** Redis ACL user and password, for a REDIS_URL that does not carry them (not both ways). */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  REDIS_USERNAME?: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  REDIS_PASSWORD?: string;

  /** TLS to Redis (and to the sentinels); always on for a `rediss://` REDIS_URL. */
  @Transform(toBool)
  @IsBoolean()
  REDIS_TLS = false;

  /** PEM file of the CA that signed Redis's certificate, when not a publicly trusted one. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  REDIS_TLS_CA_FILE?: string;

  /** The name Redis's certificate is checked against (and sent as SNI), when not the host's. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]{1,253}$/, { message: 'must be a host name' })
  REDIS_TLS_SERVERNAME?: string;

  /** `false` accepts any certificate (a self-signed one in development); never in production. */
  @Transform(toBool)
  @IsBoolean()
  REDIS_TLS_REJECT_UNAUTHORIZED = true;

  /**
   * Replicas that must hold a batch of relayed events (Redis WAIT) before the outbox relay marks
   * it relayed: 1 under Sentinel, so that a failover to a replica that missed the last writes
   * cannot lose an event. 0 (a single Redis) waits for none.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  REDIS_WAIT_REPLICAS = 0;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest accepted request body, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Requests per window per client (IP) across the API. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_MAX = 1200;

  /** The portal's Vite build, served at `/` (relative to the working directory). */
  @IsString()
  @MinLength(1)
  WEB_DIST_DIR = 'web/dist';

  /** How often each process chains audit events recorded outside requests (jobs, start-up). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  AUDIT_SEAL_INTERVAL_MS = 250;

  /** How often each API process shares its rate-limit counts through Redis (and learns the others'). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(10_000)
  RATE_LIMIT_SYNC_MS = 100;

  /** Failed logins per e-mail address per LOGIN_FAILURE_WINDOW_SECONDS before that address is locked. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_EMAIL = 5;

  /** Failed logins per client IP per LOGIN_FAILURE_WINDOW_SECONDS before that IP is locked. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_MAX_FAILURES_PER_IP = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  /** Lifetime of a refresh token (each use rotates it, so this bounds an idle session). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  IDEMPOTENCY_TTL_HOURS = 24;

  /** An in-flight idempotent request older than this is treated as abandoned (crashed process). */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  IDEMPOTENCY_LOCK_SECONDS = 120;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_BATCH_SIZE = 200;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS = 250;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 4;

  /**
   * Domain events a worker handles at once. Handlers mostly wait on PostgreSQL and Redis: in the
   * bench a payment run's 10,000 `disbursement.sent` drained in 6.3 s at 4, 5.2 s at 32.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  EVENT_CONCURRENCY = 32;

  /**
   * How often the worker re-enqueues payment runs still queued or running whose job Redis lost
   * (a Redis restart, a job that failed for good before its run was marked failed).
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  PAYMENT_RUN_SWEEP_MS = 30_000;

  /** The same for exports still queued or running (src/queues/job-sweep.ts). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  EXPORT_SWEEP_MS = 30_000;

  /**
   * BullMQ's job lock (src/queues/worker-start.ts): a live worker renews it every half of this,
   * a killed worker's expires after it, and a stalled check then gives the job to another worker.
   * Keep it well above twice the longest stretch a job holds the CPU without yielding (a
   * 10,000-entry payment run's file build), or a live job is reported stalled and runs twice.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  QUEUE_LOCK_MS = 15_000;

  /** How often the workers (together, not each) look for jobs whose lock expired. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  QUEUE_STALLED_CHECK_MS = 5_000;

  /**
   * How many times a job is given back after its worker died before it fails for good (then the
   * sweep fails its payment run or export): a job killed twice by a rolling restart still runs.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  QUEUE_MAX_STALLED_COUNT = 3;

  /**
   * Which peers' X-Forwarded-For is believed for the client IP (rate limits, logs): proxy-addr
   * names (`loopback`, `linklocal`, `uniquelocal`) and addresses or CIDRs, comma-separated. Behind
   * a proxy in another container (docker-compose) add the proxy's network, e.g. `uniquelocal`;
   * otherwise every client is the proxy and shares one rate limit.
   */
  @Matches(
    /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)(,(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?))*$/i,
    { message: 'must be loopback, linklocal, uniquelocal or IPs/CIDRs, comma-separated' },
  )
  TRUST_PROXY = 'loopback';

  /** How long SIGTERM waits for in-flight requests and jobs before closing anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 15_000;

  /**
   * On SIGTERM the API first reports not ready on /health/ready and keeps serving this long, so a
   * load balancer's health check takes it out of rotation before its listener closes. Behind a
   * balancer set it above the check's interval × failures to mark down; 0 closes at once.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  SHUTDOWN_DRAIN_MS = 0;

  @IsOptional()
  @IsEmail()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /** `id:base64(32 bytes)` entries, comma-separated: every key that encrypted a stored field. */
  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'must be id:base64(32 bytes)[,id:base64(32 bytes)…]',
  })
  ENCRYPTION_KEYS: string;

  /** The key of ENCRYPTION_KEYS that encrypts new values (rotate by adding a key and switching). */
  @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  ENCRYPTION_KEY_ID: string;

  /** Above this amount (minor units) a payout request needs two distinct approvers (SPEC §5.7). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PAYOUT_DUAL_APPROVAL_USD_MINOR = 1_000_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  PAYOUT_DUAL_APPROVAL_JPY_MINOR = 1_000_000;

  /** A refund a settlement finds is due this many days after the settlement is confirmed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(366)
  REFUND_DUE_DAYS = 30;

  /** NACHA file header: the receiving point (Fed/bank routing, 9 digits) and its name. */
  @Matches(/^\d{9}$/)
  NACHA_IMMEDIATE_DESTINATION = '091000019';

  @Matches(/^[ -~]{1,23}$/)
  NACHA_IMMEDIATE_DESTINATION_NAME = 'WELLS FARGO BANK';

  /** Our company identification (10 characters, e.g. `1` + EIN) and names (NACHA §8). */
  @Matches(/^[ -~]{10}$/)
  NACHA_COMPANY_ID = '1123456789';

  @Matches(/^[ -~]{1,16}$/)
  NACHA_COMPANY_NAME = 'JUSSD GRANTS';

  @Matches(/^[ -~]{1,23}$/)
  NACHA_ORIGIN_NAME = 'JAPAN US SUBNATL DIPL';

  @Matches(/^[ -~]{1,10}$/)
  NACHA_ENTRY_DESCRIPTION = 'GRANT';

  /** The originating bank's routing number (9 digits); its first 8 are the ODFI id. */
  @Matches(/^\d{9}$/)
  NACHA_ODFI_ROUTING = '121000248';

  /** Zengin 総合振込 header: 委託者コード (10 digits) and 委託者名 (half-width kana). */
  @Matches(/^\d{10}$/)
  ZENGIN_SENDER_CODE = '1234567890';

  @Matches(/^[\x20-\x7e\uff61-\uff9f]{1,40}$/)
  ZENGIN_SENDER_NAME = 'ﾆﾁﾍﾞｲｼﾏｲﾄｼｺｳﾘﾕｳｷｷﾝ';

  @Matches(/^\d{4}$/)
  ZENGIN_BANK_CODE = '0001';

  @Matches(/^[\x20-\x7e\uff61-\uff9f]{1,15}$/)
  ZENGIN_BANK_NAME = 'ﾐｽﾞﾎ';

  @Matches(/^\d{3}$/)
  ZENGIN_BRANCH_CODE = '100';

  @Matches(/^[\x20-\x7e\uff61-\uff9f]{1,15}$/)
  ZENGIN_BRANCH_NAME = 'ﾎﾝﾃﾝ';

  /** 1 ordinary (普通), 2 current (当座). */
  @IsIn(['1', '2'])
  ZENGIN_ACCOUNT_TYPE = '1';

  @Matches(/^\d{7}$/)
  ZENGIN_ACCOUNT_NUMBER = '1234567';

  /** Where export files are written (a volume shared by API and worker in a deployment). */
  @IsString()
  @MinLength(1)
  EXPORT_STORAGE_DIR = 'var/exports';

  /** Where attachments are kept: `local` (DOCUMENT_STORAGE_DIR) or `s3` (the S3_* settings). */
  @IsIn(['local', 's3'])
  DOCUMENT_STORAGE: 'local' | 's3' = 'local';

  /** Directory of attachments on local disk (a volume shared by API processes in a deployment). */
  @IsString()
  @MinLength(1)
  DOCUMENT_STORAGE_DIR = 'var/documents';

  /** Largest accepted attachment, in bytes (10 MiB by default). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

  /** S3-compatible storage (DOCUMENT_STORAGE=s3): endpoint URL, empty for AWS itself. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http:// or https:// URL' })
  S3_ENDPOINT?: string;

  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'must be a region name such as ap-northeast-1' })
  S3_REGION = 'us-east-1';

  /** Required when DOCUMENT_STORAGE=s3. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' })
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  S3_SECRET_ACCESS_KEY?: string;

  /** `bucket` in the path rather than the host name (MinIO and most S3-compatible servers). */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Cron for the monthly disbursement_ledger export, or `off` (SPEC §5.9). */
  @Matches(/^(off|(\S+\s+){4}\S+)$/, { message: 'must be a 5-field cron expression or "off"' })
  EXPORT_LEDGER_CRON = '0 3 1 * *';

  /** 360Giving export: the grants' identifier prefix (`<prefix>-<awardId>-JP`), and the funder. */
  @Matches(/^360G-[A-Za-z0-9_-]{1,60}$/, { message: 'must be a 360Giving prefix like 360G-abc' })
  GIVING360_ID_PREFIX = '360G-jusdg';

  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, {
    message: 'must be an organisation identifier like XI-ABC',
  })
  GIVING360_FUNDER_ID = '360G-jusdg-funder';

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  GIVING360_FUNDER_NAME = 'Japan–US Subnational Diplomacy Grants';

  /** Outbound e-mail (nodemailer URL): `smtp://user:pass@host:port`, `smtps://…`. */
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  @IsString()
  @MinLength(3)
  @MaxLength(200)
  MAIL_FROM = 'Subnational Diplomacy Grants <grants@grants.example>';

  /** Outbound webhook request timeout. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 5_000;

  /** Attempts per delivery before it is `failed` (exponential backoff with jitter between). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** First retry delay; each next one doubles (± jitter). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_BACKOFF_BASE_MS = 5_000;

  /** A subscription whose deliveries fail this many times in a row is disabled. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_DISABLE_AFTER_FAILURES = 10;

  /** Cron for the job that marks grantee reports overdue and queues reminders. */
  @Matches(/^(\S+\s+){4}\S+$/, { message: 'must be a 5-field cron expression' })
  REPORTS_OVERDUE_CRON = '0 * * * *';
}

export class InvalidEnvironmentError extends Error {}

/** Validates `source` (normally `process.env`); throws naming every bad or missing variable. */
export function loadEnvironment(source: Record<string, string | undefined>): Environment {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  );
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const value = e.value === undefined ? 'missing' : 'invalid';
      return `  ${e.property} (${value}): ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new InvalidEnvironmentError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  if (Boolean(env.BOOTSTRAP_ADMIN_EMAIL) !== Boolean(env.BOOTSTRAP_ADMIN_PASSWORD)) {
    throw new InvalidEnvironmentError(
      'Invalid environment configuration:\n  BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together',
    );
  }
  if (env.DOCUMENT_STORAGE === 's3' && !env.S3_BUCKET) {
    throw new InvalidEnvironmentError(
      'Invalid environment configuration:\n  S3_BUCKET (missing): required when DOCUMENT_STORAGE=s3',
    );
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    throw new InvalidEnvironmentError(
      'Invalid environment configuration:\n  S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
    );
  }
  const redisProblem = redisSettingsProblem(env);
  if (redisProblem) {
    throw new InvalidEnvironmentError(`Invalid environment configuration:\n  ${redisProblem}`);
  }
  // Only declared keys: other process.env entries are not ours to carry around.
  return env;
}
