import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { ERROR_CODES } from '../src/common/errors/app-error';
import { createTestApp, TestContext } from './support/app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = resolve(__dirname, '..');
const OPENAPI_JSON = resolve(ROOT, 'openapi.json');
const CLIENT_TYPES = resolve(ROOT, 'client/openapi.d.ts');
/** As scripts/openapi.ts writes it (the document itself comes key-sorted). */
const openApiJsonOf = (document: object) => JSON.stringify(document, null, 2) + '\n';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const STALE = 'openapi.json (or client/openapi.d.ts) is stale: run `npm run openapi`';
const PROBLEM_REF = '#/components/schemas/ProblemDto';

interface Operation {
  id: string;
  method: (typeof METHODS)[number];
  path: string;
  op: Json;
}

function operationsOf(document: Json): Operation[] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      id: `${method.toUpperCase()} ${path}`,
      method,
      path,
      op: item[method] as Json,
    })),
  );
}

/**
 * `@apidevtools/swagger-parser` 13 loads an ES module, which Jest's CommonJS runtime cannot
 * require; plain Node can, so it validates in a child process.
 */
function validateOpenApi(document: Json): string {
  const script = `
    let text = '';
    process.stdin.on('data', (chunk) => (text += chunk)).on('end', () =>
      require('@apidevtools/swagger-parser')
        .validate(JSON.parse(text))
        .then(() => process.stdout.write('valid'), (e) => process.stdout.write(String(e.message))),
    );`;
  const child = spawnSync(process.execPath, ['-e', script], {
    input: JSON.stringify(document),
    encoding: 'utf8',
  });
  return child.stdout || child.stderr;
}

/** The statuses of an operation's responses that are not problem+json with the shared schema. */
function notProblems(op: Json, statuses: string[]): string[] {
  return statuses.filter(
    (status) =>
      op.responses[status]?.content?.['application/problem+json']?.schema?.$ref !== PROBLEM_REF,
  );
}

/**
 * SPEC §3 / §5.10: the committed contract is what the app serves, is valid OpenAPI 3.0, and
 * documents for every route who may call it, its success body and its problem+json errors.
 */
describe('OpenAPI contract', () => {
  let ctx: TestContext;
  let served: Json;
  let committed: Json;
  let operations: Operation[];

  beforeAll(async () => {
    ctx = await createTestApp();
    const res = await request(ctx.http).get('/docs/openapi.json').expect(200);
    served = res.body as Json;
    committed = JSON.parse(readFileSync(OPENAPI_JSON, 'utf8')) as Json;
    operations = operationsOf(served);
  });
  afterAll(() => ctx.close());

  it('the committed openapi.json is exactly what /docs/openapi.json serves', () => {
    // Compared as text: the document is key-sorted, so any difference is a real one.
    if (openApiJsonOf(served) !== openApiJsonOf(committed)) {
      expect({ message: STALE, document: committed }).toEqual({ message: STALE, document: served });
    }
    expect(openApiJsonOf(committed)).toBe(readFileSync(OPENAPI_JSON, 'utf8'));
  });

  it('the committed client types are generated from the committed openapi.json', () => {
    const generator = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'scripts/openapi-types.ts'],
      { input: JSON.stringify(committed), encoding: 'utf8', cwd: ROOT },
    );
    expect(generator.stderr).toBe('');
    const types = readFileSync(CLIENT_TYPES, 'utf8');
    expect({ message: STALE, same: types === generator.stdout }).toEqual({
      message: STALE,
      same: true,
    });
  });

  it('is a valid OpenAPI 3.0 document', () => {
    expect(served.openapi).toMatch(/^3\.0\./);
    expect(validateOpenApi(served)).toBe('valid');
    expect(operations.length).toBeGreaterThan(50);
  });

  it('every operation says who may call it, with a matching security list', () => {
    const missing = operations.filter(({ op }) => {
      if (op['x-access'] === 'Public') return op.security !== undefined;
      const roles = op['x-roles'] as string[] | undefined;
      if (!roles?.length || typeof op['x-access'] !== 'string') return true;
      const schemes = ((op.security ?? []) as Json[]).flatMap((s) => Object.keys(s)).sort();
      return op['x-scopes']?.length
        ? schemes.join() !== 'apiKey,bearer'
        : schemes.join() !== 'bearer';
    });
    expect(missing.map((o) => o.id)).toEqual([]);
  });

  it('every operation documents its problem+json errors (401/403/404 unless public)', () => {
    const wrong = operations.flatMap(({ id, op }) => {
      const statuses =
        op['x-access'] === 'Public'
          ? ['400', '429', '500']
          : ['400', '401', '403', '404', '429', '500'];
      const bad = notProblems(op, statuses);
      // Anyone may call a public route: nothing there is forbidden.
      if (op['x-access'] === 'Public' && op.responses['403']) bad.push('403 on a public route');
      return bad.length ? [`${id}: ${bad.join(', ')}`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it('writes document 409 and 422, PATCH and If-Match 412, POST takes an Idempotency-Key', () => {
    const writes = operations.filter((o) => o.method !== 'get' && o.op['x-access'] !== 'Public');
    const takesIfMatch = (op: Json) =>
      ((op.parameters ?? []) as Json[]).some((p) => p.in === 'header' && p.name === 'If-Match');
    const wrong = writes.flatMap(({ id, method, op }) => {
      const stale = method === 'patch' || takesIfMatch(op);
      const bad = notProblems(op, stale ? ['409', '412', '422'] : ['409', '422']);
      return bad.length ? [`${id}: ${bad.join(', ')}`] : [];
    });
    expect(wrong).toEqual([]);

    const posts = writes.filter((o) => o.method === 'post');
    const withKey = posts.filter(({ op }) =>
      ((op.parameters ?? []) as Json[]).some(
        (p) => p.in === 'header' && p.name === 'Idempotency-Key',
      ),
    );
    // The routes that return a secret are exempt (the response must never be stored).
    expect(posts.filter((p) => !withKey.includes(p)).map((p) => p.id)).toEqual(
      ['POST /api/v1/api-keys', 'POST /api/v1/partnerships/import', 'POST /api/v1/webhooks'].filter(
        (id) => posts.some((p) => p.id === id),
      ),
    );
    expect(withKey.length).toBeGreaterThan(20);
  });

  it('every operation has a success response with a schema (204 excepted)', () => {
    const wrong = operations.filter(({ op }) => {
      const success = Object.entries(op.responses as Json).filter(([s]) => /^2\d\d$/.test(s));
      if (!success.length) return true;
      return success.some(
        ([status, response]) =>
          status !== '204' &&
          (!response.content ||
            !Object.values(response.content as Json).every((media) => media.schema)),
      );
    });
    expect(wrong.map((o) => o.id)).toEqual([]);
  });

  it('every templated path segment is a declared path parameter', () => {
    const wrong = operations.filter(({ path, op }) =>
      [...path.matchAll(/\{(\w+)\}/g)].some(
        ([, name]) =>
          !((op.parameters ?? []) as Json[]).some(
            (p) => p.in === 'path' && p.name === name && p.required,
          ),
      ),
    );
    expect(wrong.map((o) => o.id)).toEqual([]);
  });

  it('the problem schema lists every SPEC §3 code and matches what the app sends', async () => {
    const schema = served.components.schemas.ProblemDto as Json;
    expect(schema.properties.code.allOf).toEqual([{ $ref: '#/components/schemas/ErrorCode' }]);
    const codes = served.components.schemas.ErrorCode.enum as string[];
    expect([...codes].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect([...(schema.required as string[])].sort()).toEqual(
      ['code', 'detail', 'status', 'title', 'type'].sort(),
    );

    const res = await request(ctx.http).get('/api/v1/awards').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const documented = Object.keys(schema.properties as Json);
    expect(Object.keys(res.body as Json).filter((k) => !documented.includes(k))).toEqual([]);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  });
});
