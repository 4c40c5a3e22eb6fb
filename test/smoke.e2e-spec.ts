import request from 'supertest';
import { createTestApp, TestContext } from './support/app';

describe('smoke', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('answers liveness and readiness', async () => {
    await request(ctx.http).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(ctx.http).get('/health/ready').expect(200);
    expect(ready.body.info).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('answers an unknown route with problem+json 404', async () => {
    const res = await request(ctx.http).get('/api/v1/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'not_found' });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(ctx.http).get('/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
  });
});
