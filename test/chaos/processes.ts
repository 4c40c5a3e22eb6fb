import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** What is kept of the worker's output, for the message of a test that fails. */
const OUTPUT_TAIL = 8_000;

export interface WorkerProcess extends ChildProcess {
  /** Resolves once the worker says it started (its queues are being consumed); rejects if it exits first. */
  started: Promise<void>;
  /** The end of what the worker printed (warnings and errors). */
  output(): string;
}

/**
 * The worker (src/worker.ts) as a process of its own, so a test can kill it for real. It gets
 * `env` — normally the test app's `ctx.env`, so both processes share the database, the Redis
 * prefix and every setting the test chose — over this process's environment.
 */
export function spawnWorker(env: object, overrides: Record<string, string> = {}): WorkerProcess {
  const settings = Object.fromEntries(
    Object.entries(env)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, String(value)]),
  );
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, ...settings, LOG_LEVEL: 'warn', ...overrides },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let resolveStarted: () => void;
  let rejectStarted: (error: Error) => void;
  const started = new Promise<void>((resolve, reject) => {
    resolveStarted = resolve;
    rejectStarted = reject;
  });
  // Never left unhandled when nobody waits for the start.
  started.catch(() => undefined);
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    if (output.includes('"worker started"')) resolveStarted();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, signal) =>
    rejectStarted(new Error(`worker exited (${signal ?? code}) before starting:\n${output}`)),
  );
  return Object.assign(child, { started, output: () => output });
}

/** SIGKILL: no shutdown hook runs, no lock is released, nothing is flushed. */
export async function killWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = once(worker, 'exit');
  worker.kill('SIGKILL');
  await exited;
}
