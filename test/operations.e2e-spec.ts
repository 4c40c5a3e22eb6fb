import request from 'supertest';
import { createTestApp, eventually, TestContext } from './support/app';
import { bearer, createUser, TEST_PASSWORD } from './support/factories';
import { ThrowawayRedis } from './support/throwaway-redis';

describe('operational endpoints', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  describe('/admin/queues', () => {
    it('asks an anonymous browser to sign in', async () => {
      const res = await request(ctx.http).get('/admin/queues').expect(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="queues"/);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('unauthenticated');
    });

    it('refuses a signed-in user who is not an admin', async () => {
      const { auth } = await bearer(ctx, { role: 'finance_officer' });
      const res = await request(ctx.http)
        .get('/admin/queues')
        .set('Authorization', auth)
        .expect(403);
      expect(res.body.code).toBe('forbidden');
    });

    it('refuses a wrong Basic password', async () => {
      const admin = await createUser(ctx, { role: 'admin' });
      await request(ctx.http).get('/admin/queues').auth(admin.email, 'wrong password!').expect(401);
    });

    it('shows the dashboard to an admin by token or by Basic credentials', async () => {
      const { user, auth } = await bearer(ctx, { role: 'admin' });
      const page = await request(ctx.http)
        .get('/admin/queues')
        .set('Authorization', auth)
        .expect(200);
      expect(page.text).toContain('<html');
      const api = await request(ctx.http)
        .get('/admin/queues/api/queues')
        .auth(user.email, TEST_PASSWORD)
        .expect(200);
      const names = (api.body.queues as { name: string }[]).map((q) => q.name).sort();
      expect(names).toEqual([
        'domain-events',
        'exports',
        'maintenance',
        'notifications',
        'payment-runs',
        'webhooks',
      ]);
    });
  });

  describe('/metrics', () => {
    it('exposes HTTP latency by route and queue depths in Prometheus text', async () => {
      await request(ctx.http).get('/health/live').expect(200);
      const res = await request(ctx.http).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} \d+/,
      );
      expect(res.text).toMatch(/bullmq_jobs\{queue="domain-events",state="waiting"\} 0/);
      expect(res.text).toContain('process_resident_memory_bytes');
    });
  });

  describe('/docs', () => {
    it('serves Swagger UI and an OpenAPI document with both auth schemes', async () => {
      const ui = await request(ctx.http).get('/docs').redirects(1).expect(200);
      expect(ui.text).toContain('swagger');
      const doc = await request(ctx.http).get('/docs/openapi.json').expect(200);
      expect(Object.keys(doc.body.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
      expect(doc.body.paths['/health/ready']).toBeDefined();
    });
  });
});

describe('/health/ready follows Redis', () => {
  let redis: ThrowawayRedis;
  let ctx: TestContext;
  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    ctx = await createTestApp({ env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await redis.start();
    await ctx.close();
    await redis.stop();
  });

  it('is ready while PostgreSQL and Redis answer', async () => {
    const res = await request(ctx.http).get('/health/ready').expect(200);
    expect(res.body.info).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('answers 503 naming Redis while Redis is down, and recovers when it is back', async () => {
    await redis.stop();
    const down = await request(ctx.http).get('/health/ready').expect(503);
    expect(down.body.status).toBe('error');
    expect(down.body.info.database.status).toBe('up');
    expect(down.body.error.redis.status).toBe('down');
    await request(ctx.http).get('/health/live').expect(200);

    await redis.start();
    await eventually(
      async () => (await request(ctx.http).get('/health/ready')).status === 200,
      10_000,
      'readiness after Redis restart',
    );
  });
});
