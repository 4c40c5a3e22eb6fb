/**
 * Payment run benchmark (SPEC §6): 10,000 approved ACH disbursements, time from the request to
 * the completed file (target ≤ 15 s), and the worker process's peak RSS. Runs a real worker
 * process on a scratch database that is dropped at the end. `npm run bench:payments`.
 * A measurement, not a test: it prints, it does not fail.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ChangeLog } from '../src/audit/change-log.service';
import { FieldEncryption } from '../src/common/crypto/field-encryption';
import { dataSourceOptions } from '../src/database/data-source';
import { PaymentRunsService } from '../src/payment-runs/payment-runs.service';
import { seedApprovedDisbursements } from '../test/payment-runs.seed';

const DATABASE = 'grants_bench_payments';
const ENTRIES = 10_000;
const TARGET_MS = 15_000;

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const peakRssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grants');
  url.pathname = '';
  const serverUrl = url.toString().replace(/\/$/, '');
  const databaseUrl = `${serverUrl}/${DATABASE}`;
  await admin(serverUrl, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin(serverUrl, `CREATE DATABASE ${DATABASE}`);
  const db = new DataSource(
    dataSourceOptions({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: 4 }),
  );
  const worker = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'],
    {
      cwd: path.resolve(__dirname, '..'),
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REDIS_PREFIX: `bench_payments_${process.pid}`,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await db.initialize();
    await db.runMigrations();
    const encryption = new FieldEncryption(
      process.env.ENCRYPTION_KEYS!,
      process.env.ENCRYPTION_KEY_ID!,
    );
    const userId = randomUUID();
    let started = performance.now();
    await seedApprovedDisbursements(db, encryption, { rail: 'ach', count: ENTRIES, userId });
    console.log(
      `seeded ${ENTRIES} approved disbursements in ${Math.round(performance.now() - started)} ms`,
    );
    await new Promise<void>((resolve, reject) => {
      worker.stdout!.on(
        'data',
        (chunk: Buffer) => chunk.toString().includes('worker started') && resolve(),
      );
      worker.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
    const baselineMb = peakRssMb(worker.pid!);

    started = performance.now();
    const service = new PaymentRunsService(db, new ChangeLog());
    const run = await service.request(
      { kind: 'user', userId, role: 'finance_officer', cityId: null, locale: 'en' },
      { rail: 'ach', executionDate: new Date().toISOString().slice(0, 10) },
    );
    for (;;) {
      const current = await service.get(run.id);
      if (current.status === 'completed' || current.status === 'failed') {
        const ms = Math.round(performance.now() - started);
        console.log(
          `payment run: ${current.status}, ${current.entryCount} entries, ${current.totalMinor} cents, ` +
            `request → file ${ms} ms (target ≤ ${TARGET_MS} ms: ${ms <= TARGET_MS ? 'met' : 'MISSED'})`,
        );
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(
      `worker peak RSS (VmHWM): ${peakRssMb(worker.pid!).toFixed(0)} MB (${baselineMb.toFixed(0)} MB after start)`,
    );
  } finally {
    worker.kill('SIGKILL');
    await db.destroy().catch(() => undefined);
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
