import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { UNPREFIXED_ROUTES } from '../src/app.setup';
import { ACCESS_METADATA, AccessRule } from '../src/auth/access.decorators';
import { API_KEY_SCOPES, ApiKeyScope } from '../src/auth/principal';
import { ROLES, Role } from '../src/auth/roles';
import { createTestApp, TestContext } from './support/app';
import { createCity, createUser, tokenFor } from './support/factories';

interface Route {
  method: string;
  path: string;
  rule: AccessRule | undefined;
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** Every route the running app has, read from Nest's own controller metadata. */
function routesOf(ctx: TestContext): Route[] {
  const routes: Route[] = [];
  for (const module of ctx.api.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => object) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (methodPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const local = join(base, methodPath);
        const unprefixed = UNPREFIXED_ROUTES.includes(local.slice(1));
        const rule = (Reflect.getMetadata(ACCESS_METADATA, handler) ??
          Reflect.getMetadata(ACCESS_METADATA, controller)) as AccessRule | undefined;
        routes.push({ method, path: unprefixed ? local : join('api/v1', local), rule });
      }
    }
  }
  return routes;
}

/**
 * SPEC §4, deny by default: every route declares who may call it, and the declaration is what
 * the app enforces, for every role, for anonymous callers and for API keys.
 */
describe('access matrix: every route × every role', () => {
  let ctx: TestContext;
  let routes: Route[];
  const tokens = new Map<Role, string>();
  let adminId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    routes = routesOf(ctx);
    const city = await createCity(ctx, { country: 'JP' });
    for (const role of ROLES) {
      const user = await createUser(ctx, {
        role,
        cityId: role === 'city_user' ? city.id : null,
        country: role === 'reviewer' ? 'US' : null,
      });
      if (role === 'admin') adminId = user.id;
      tokens.set(role, `Bearer ${tokenFor(ctx, user)}`);
    }
  });
  afterAll(() => ctx.close());

  const call = (route: Route, headers: Record<string, string>) => {
    const url = route.path.replace(/:[A-Za-z]+/g, randomUUID());
    const req = request(ctx.http)[route.method.toLowerCase() as 'get'](url).set(headers);
    return ['POST', 'PUT', 'PATCH'].includes(route.method) ? req.send({}) : req;
  };

  const apiKeyWith = async (scopes: ApiKeyScope[], role: Role = 'admin') => {
    const userId = role === 'admin' ? adminId : (await createUser(ctx, { role })).id;
    const res = await request(ctx.http)
      .post('/api/v1/api-keys')
      .set('Authorization', tokens.get('admin')!)
      .send({ name: `matrix key ${scopes.length}`, scopes, userId })
      .expect(201);
    return res.body.key as string;
  };

  it('finds the routes of every module', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /health/ready',
        'POST /api/v1/auth/login',
        'GET /api/v1/me',
        'POST /api/v1/users',
        'GET /api/v1/audit-events',
        'POST /api/v1/partnerships/import',
      ]),
    );
  });

  it('has an access declaration on every route (deny by default)', () => {
    const undeclared = routes.filter((r) => !r.rule?.public && !r.rule?.roles?.length);
    expect(undeclared.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('answers each role as the route declares: 403 outside its roles, never 401/403 inside', async () => {
    const mismatches: string[] = [];
    for (const route of routes.filter((r) => !r.rule?.public)) {
      for (const role of ROLES) {
        const res = await call(route, { Authorization: tokens.get(role)! });
        const allowed = route.rule!.roles!.includes(role);
        const ok = allowed ? ![401, 403].includes(res.status) : res.status === 403;
        if (!ok) mismatches.push(`${role} ${route.method} ${route.path} → ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers an anonymous caller 401 on every non-public route, and lets it through public ones', async () => {
    // Public, but its credential is the session cookie it reads itself: none → 401, rightly.
    const selfAuthenticated = new Set(['POST /api/v1/auth/session/refresh']);
    const mismatches: string[] = [];
    for (const route of routes) {
      const res = await call(route, {});
      const name = `${route.method} ${route.path}`;
      const ok = selfAuthenticated.has(name)
        ? res.status === 401
        : route.rule?.public
          ? ![401, 403].includes(res.status)
          : res.status === 401;
      if (!ok) mismatches.push(`${name} → ${res.status}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses an API key without one of the route’s scopes (403) and admits one with it', async () => {
    const mismatches: string[] = [];
    const keys = new Map<string, string>();
    const keyFor = async (scopes: ApiKeyScope[], role?: Role) => {
      const id = `${role}:${scopes.join(',')}`;
      if (!keys.has(id)) keys.set(id, await apiKeyWith(scopes, role));
      return keys.get(id)!;
    };
    for (const route of routes.filter((r) => !r.rule?.public)) {
      const scopes = route.rule!.scopes ?? [];
      const wrong = API_KEY_SCOPES.filter((s) => !scopes.includes(s));
      if (wrong.length) {
        const res = await call(route, { 'X-API-Key': await keyFor(wrong) });
        if (res.status !== 403)
          mismatches.push(`wrong scope ${route.method} ${route.path} → ${res.status}`);
      }
      if (scopes.length) {
        const role = route.rule!.roles![0];
        const res = await call(route, { 'X-API-Key': await keyFor([scopes[0]], role) });
        if ([401, 403].includes(res.status)) {
          mismatches.push(`right scope (${role}) ${route.method} ${route.path} → ${res.status}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('documents every operation’s access in the OpenAPI document', async () => {
    const doc = (await request(ctx.http).get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { 'x-access'?: string; 'x-roles'?: string[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    const undocumented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !op['x-access'])
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(undocumented).toEqual([]);
    expect(doc.paths['/api/v1/users'].post['x-roles']).toEqual(['admin']);
  });
});
