import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** What is kept of the worker's output, for the message of a test that fails. */
const OUTPUT_TAIL = 8_000;

/** One of the system's processes, started by a test so that it can be killed for real. */
export interface SystemProcess extends ChildProcess {
  /** Resolves once the process says it is ready; rejects if it exits first. */
  started: Promise<void>;
  /** The end of what the process printed (warnings and errors). */
  output(): string;
  /** Resolves once the process has printed `text` (at any time); rejects if it exits first. */
  printed(text: string): Promise<void>;
}
export type WorkerProcess = SystemProcess;

/** A test context's settings (`ctx.env`) as strings, for a child's environment. */
export function settingsOf(env: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, String(value)]),
  );
}

/**
 * `entry` (a file under src/) run by ts-node with `env` over this process's environment; started
 * once its output contains `readyText`.
 */
export function spawnSystemProcess(
  name: string,
  entry: string,
  readyText: string,
  env: Record<string, string>,
): SystemProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let resolveStarted: () => void;
  let rejectStarted: (error: Error) => void;
  const started = new Promise<void>((resolve, reject) => {
    resolveStarted = resolve;
    rejectStarted = reject;
  });
  // Never left unhandled when nobody waits for the start.
  started.catch(() => undefined);
  const seen = new Set<string>();
  const waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }[]>();
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    if (output.includes(readyText)) resolveStarted();
    for (const [text, waiters] of waiting) {
      if (!output.includes(text)) continue;
      seen.add(text);
      waiting.delete(text);
      for (const waiter of waiters) waiter.resolve();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, signal) => {
    const error = new Error(`${name} exited (${signal ?? code}) before starting:\n${output}`);
    rejectStarted(error);
    for (const [text, waiters] of waiting) {
      for (const waiter of waiters) {
        waiter.reject(new Error(`${name} exited (${signal ?? code}) before printing "${text}"`));
      }
    }
    waiting.clear();
  });
  const printed = (text: string) =>
    seen.has(text) || output.includes(text)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            reject(new Error(`${name} exited before printing "${text}"`));
            return;
          }
          waiting.set(text, [...(waiting.get(text) ?? []), { resolve, reject }]);
        });
  return Object.assign(child, { started, output: () => output, printed });
}

/**
 * The worker (src/worker.ts) as a process of its own. It gets `env` — normally the test app's
 * `ctx.env`, so both processes share the database, the Redis prefix and every setting the test
 * chose — then `overrides`.
 */
export function spawnWorker(env: object, overrides: Record<string, string> = {}): WorkerProcess {
  return spawnSystemProcess('worker', 'src/worker.ts', '"worker started"', {
    ...settingsOf(env),
    ...overrides,
  });
}

/** SIGKILL: no shutdown hook runs, no lock is released, nothing is flushed. */
export async function killWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = once(worker, 'exit');
  worker.kill('SIGKILL');
  await exited;
}
