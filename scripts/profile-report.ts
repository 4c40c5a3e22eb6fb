/**
 * `npm run bench:profile -- <file.cpuprofile> [--from s] [--to s] [--top N] [--callers fn]`: where a process's
 * CPU went, from a V8 profile written by `npm run bench -- --profile`. The bench prints when each
 * measure starts (seconds since the API started); pass that window to see one measure alone.
 *
 * Self time is grouped by owner: the npm package (express, @nestjs/core, typeorm, pg, pino …),
 * the project file (dist/src/…), Node's own internals by subsystem (http, net, streams), and V8's
 * pseudo-frames (garbage collector, idle, program). Busy time excludes idle, so the shares read as
 * "of the CPU this process used". `--callers fn` adds the call paths that lead to function `fn`;
 * `--stages` groups owners by pipeline stage instead (logging, rate limit, authentication, ORM …);
 * `--requests N` (the requests the window served, from the bench's table) adds µs per request.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The owner of a frame: a package, a project file, a Node subsystem or a V8 pseudo-frame. */
export function ownerOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) {
    const parts = url.slice('node:'.length).split('/');
    return `node:${parts[0] === 'internal' ? parts.slice(1, 3).join('/') : parts[0]}`;
  }
  // The project's own files, built (dist/x.js) or not (src/x.ts), as `src/x`.
  const source = /\/(?:dist|src)\/(.*?)\.(?:js|ts)$/.exec(url);
  return source ? `src/${source[1]}` : url;
}

/**
 * The pipeline stage an owner belongs to, for the README's breakdown: what each request pays for
 * per middleware, guard, interceptor, serializer and the ORM. Order matters: first match wins.
 */
const STAGES: [stage: string, owners: RegExp][] = [
  ['garbage collection', /^\(garbage collector\)$/],
  [
    'socket writes (syscalls; include time PostgreSQL takes the core)',
    /^\(native\) (writev|writeUtf8String|writeBuffer|writeString|writeLatin1String)$/,
  ],
  [
    'logging',
    /^(pino|pino-http|pino-std-serializers|@pinojs\/redact|sonic-boom|nestjs-pino|src\/common\/logging)/,
  ],
  ['metrics', /^(prom-client|src\/metrics\/)/],
  ['security headers (helmet)', /^(helmet|@fastify\/helmet|src\/common\/http\/security-headers)/],
  [
    'rate limit',
    /^(@nestjs\/throttler|@nest-lab\/throttler-storage-redis|src\/common\/http\/rate-limit)/,
  ],
  [
    'authentication (JWT, principal)',
    /^(passport|passport-jwt|passport-strategy|@nestjs\/passport|jsonwebtoken|jws|jwa|src\/auth\/)/,
  ],
  ['idempotency', /^src\/common\/http\/idempotency/],
  [
    'validation (class-validator/-transformer)',
    /^(class-validator|class-transformer|validator|libphonenumber-js|src\/common\/http\/validation)/,
  ],
  ['ORM (TypeORM)', /^(typeorm|src\/database\/)/],
  [
    'PostgreSQL driver (pg)',
    /^(pg|pg-protocol|pg-pool|pg-types|postgres-date|postgres-interval|postgres-bytea|postgres-array|pg-connection-string)$/,
  ],
  ['Redis client', /^(ioredis|@ioredis\/commands|redis-parser|cluster-key-slot|denque)$/],
  [
    'HTTP framework (Express / Fastify)',
    /^(express|router|body-parser|on-finished|parseurl|finalhandler|send|serve-static|content-type|type-is|raw-body|qs|depd|forwarded|proxy-addr|accepts|negotiator|cookie|fastify|find-my-way|light-my-request|avvio|@fastify\/.*|fast-json-stringify|secure-json-parse|fast-querystring|@nestjs\/platform-express|@nestjs\/platform-fastify)$/,
  ],
  [
    'Nest pipeline (guards, interceptors, pipes, rxjs)',
    /^(@nestjs\/core|@nestjs\/common|rxjs|reflect-metadata|tslib)$/,
  ],
  ['async context (AsyncLocalStorage)', /^node:async_hooks$/],
  // What is left of Node itself (HTTP parsing, streams, events, hashing) and of V8 (microtasks,
  // builtins such as JSON and RegExp): mostly the cost of the work above, not a stage of its own.
  ['Node and V8 runtime', /^(node:|\((program|native)\))/],
  ['application code (services, response mapping)', /^src\//],
  ['path-to-regexp, debug, mime-types and other small packages', /./],
];

export function stageOf(owner: string): string {
  return STAGES.find(([, owners]) => owners.test(owner))?.[0] ?? 'other';
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      top: { type: 'string', default: '30' },
      callers: { type: 'string' },
      stages: { type: 'boolean', default: false },
      requests: { type: 'string' },
    },
  });
  if (positionals.length !== 1) {
    console.error('usage: profile-report <file.cpuprofile> [--from s] [--to s] [--top N]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const from = values.from === undefined ? -Infinity : Number(values.from) * 1e6;
  const to = values.to === undefined ? Infinity : Number(values.to) * 1e6;

  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  /** The call path to a sample, innermost first, as `function owner` frames. */
  const stackOf = (id: number, depth: number): string[] => {
    const frames: string[] = [];
    for (let at: number | undefined = id; at !== undefined && frames.length < depth;) {
      const frame = byId.get(at)!.callFrame;
      frames.push(`${frame.functionName || '(anonymous)'} ${ownerOf(frame)}`);
      at = parentOf.get(at);
    }
    return frames;
  };
  const callers = new Map<string, number>();

  const self = new Map<string, number>();
  const stages = new Map<string, number>();
  const functions = new Map<string, number>();
  let at = 0;
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    if (at < from || at > to) return;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const frame = byId.get(id)!.callFrame;
    const owner = ownerOf(frame);
    if (owner === '(idle)') {
      idle += delta;
      return;
    }
    busy += delta;
    self.set(owner, (self.get(owner) ?? 0) + delta);
    const stage = stageOf(owner);
    stages.set(stage, (stages.get(stage) ?? 0) + delta);
    const name = `${frame.functionName || '(anonymous)'} ${owner}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + delta);
    if (values.callers && frame.functionName === values.callers) {
      const path = stackOf(id, 14).slice(1).join(' ← ');
      callers.set(path, (callers.get(path) ?? 0) + delta);
    }
  });

  const top = Number(values.top);
  // With the requests the window served: CPU microseconds per request, comparable across runs.
  const requests = values.requests === undefined ? undefined : Number(values.requests);
  const table = (title: string, totals: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      const share = ((micros / busy) * 100).toFixed(1).padStart(5);
      const each = requests ? `${(micros / requests).toFixed(0).padStart(6)} µs/req  ` : '';
      console.log(`${share} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${each}${name}`);
    }
    if (requests) console.log(`${(busy / requests).toFixed(0).padStart(26)} µs/req  in all`);
  };
  console.log(
    `busy ${(busy / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s ` +
      `(${((busy / (busy + idle)) * 100).toFixed(0)} % busy)`,
  );
  if (values.stages) {
    table('self time by stage', stages);
    return;
  }
  table('self time by owner', self);
  table('self time by function', functions);
  if (values.callers) table(`who calls ${values.callers}`, callers);
}

if (require.main === module) main();
