import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import request, { Response } from 'supertest';
import { ChangeLog } from '../src/audit/change-log.service';
import { FieldEncryption } from '../src/common/crypto/field-encryption';
import { WebhookSubscription } from '../src/webhooks/webhook-subscription.entity';
import { standardWebhookSignature } from './support/standard-webhooks';
import { createTestApp, eventually, sleep, TestContext } from './support/app';
import { bearer, createCity, createPartnership, createRound } from './support/factories';

const WEBHOOKS = '/api/v1/webhooks';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A webhook receiver on 127.0.0.1: each path answers as `routes` says and is recorded. */
async function startReceiver(
  routes: Record<
    string,
    (count: number) => Promise<{ status: number; body?: string; headers?: Record<string, string> }>
  >,
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const count = received.filter((r) => r.path === path).length;
      const route = routes[path] ?? (async () => ({ status: 404 }));
      void route(count).then(
        (answer) => {
          if (res.destroyed) return;
          res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
        },
        () => res.destroy(),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    at: (path: string) => received.filter((r) => r.path === path),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The test's own Standard Webhooks check, independent of src/webhooks/signature.ts. */
function expectSignedBy(secret: string, message: Received) {
  const id = String(message.headers['webhook-id']);
  const timestamp = String(message.headers['webhook-timestamp']);
  expect(message.headers['webhook-signature']).toBe(
    standardWebhookSignature(secret, { id, timestamp, body: message.body }),
  );
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
}

function expectProblem(res: Response, status: number, code: string) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
}

describe('webhooks: subscriptions, signed delivery, retries (SPEC §5.10)', () => {
  let ctx: TestContext;
  let admin: { auth: string; user: { id: string } };
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let toggleHealthy = false;

  beforeAll(async () => {
    ctx = await createTestApp({
      worker: true,
      env: {
        WEBHOOK_BACKOFF_BASE_MS: '50',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_DISABLE_AFTER_FAILURES: '2',
        WEBHOOK_TIMEOUT_MS: '300',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      },
    });
    admin = await bearer(ctx, { role: 'admin' });
    receiver = await startReceiver({
      '/ok': async () => ({ status: 204 }),
      '/flaky': async (n) =>
        n <= 2 ? { status: 500, body: `boom ${n}` } : { status: 200, body: 'thanks' },
      '/down': async () => ({ status: 503, body: 'x'.repeat(5000) }),
      '/redirect': async () => ({ status: 302, headers: { location: '/redirected' } }),
      '/redirected': async () => ({ status: 200 }),
      '/slow': async () => {
        await sleep(1500);
        return { status: 200 };
      },
      '/toggle': async () => ({ status: toggleHealthy ? 200 : 500 }),
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await ctx?.close();
  });

  const subscribe = (body: object, auth = admin.auth) =>
    request(ctx.http).post(WEBHOOKS).set('Authorization', auth).send(body);
  const getAs = (path: string, auth = admin.auth) =>
    request(ctx.http).get(path).set('Authorization', auth);
  const deliveriesOf = async (id: string) =>
    (await getAs(`${WEBHOOKS}/${id}/deliveries`).expect(200)).body.data as {
      id: string;
      eventId: string;
      eventType: string;
      status: string;
      deliveredAt: string | null;
      attempts: {
        statusCode: number | null;
        durationMs: number;
        error: string | null;
        responseExcerpt: string | null;
      }[];
    }[];
  const count = async (sql: string, params: unknown[] = []) =>
    Number(((await ctx.db.query(sql, params)) as { n: string }[])[0].n);

  /** Records a domain event as a service would; returns its outbox id (the webhook-id). */
  async function emit(type: string, payload: Record<string, unknown> = {}): Promise<string> {
    const marker = randomUUID();
    await ctx.db.transaction((manager) =>
      ctx.api.get(ChangeLog).record(manager, {
        actor: null,
        action: type,
        entity: { type: 'test', id: marker },
        event: { type, payload: { ...payload, marker } },
      }),
    );
    const [row] = (await ctx.db.query(`SELECT id FROM outbox WHERE payload->>'marker' = $1`, [
      marker,
    ])) as { id: string }[];
    return row.id;
  }

  async function settled(subscriptionId: string, eventId: string) {
    return eventually(
      async () => {
        const delivery = (await deliveriesOf(subscriptionId)).find((d) => d.eventId === eventId);
        return delivery && delivery.status !== 'pending' ? delivery : undefined;
      },
      15_000,
      `delivery of ${eventId} to settle`,
    );
  }

  it('delivers a real application.submitted, signed with the secret shown once', async () => {
    const created = await subscribe({
      url: receiver.url('/ok'),
      events: ['application.submitted'],
      description: 'CRM',
    }).expect(201);
    const { secret, ...subscription } = created.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(subscription).toMatchObject({
      url: receiver.url('/ok'),
      events: ['application.submitted'],
      description: 'CRM',
      status: 'active',
      consecutiveFailures: 0,
      createdBy: admin.user.id,
    });
    expect(created.headers.etag).toBe(`"${subscription.version}"`);

    // Yokohama and San Diego sign a joint application over HTTP.
    const yokohama = await createCity(ctx, { country: 'JP', nameEn: 'Yokohama', region: 'JP-14' });
    const sanDiego = await createCity(ctx, { country: 'US', nameEn: 'San Diego', region: 'US-CA' });
    const partnership = await createPartnership(ctx, yokohama, sanDiego);
    const round = await createRound(ctx);
    const yk = await bearer(ctx, { role: 'city_user', cityId: yokohama.id });
    const sd = await bearer(ctx, { role: 'city_user', cityId: sanDiego.id });
    const draft = await request(ctx.http)
      .post('/api/v1/applications')
      .set('Authorization', yk.auth)
      .send({
        roundId: round.id,
        partnershipId: partnership.id,
        title: { en: 'Youth robotics exchange', ja: '青少年ロボット交流' },
        summary: { en: 'Two teams build robots.', ja: '二つのチームがロボットを作る。' },
        startsOn: '2026-04-01',
        endsOn: '2027-03-31',
        budgetLines: [
          {
            side: 'JP',
            category: 'travel',
            description: 'Flights',
            amountMinor: 600_000,
            currency: 'JPY',
          },
          {
            side: 'US',
            category: 'travel',
            description: 'Flights',
            amountMinor: 450_000,
            currency: 'USD',
          },
        ],
      })
      .expect(201);
    for (const caller of [yk, sd]) {
      await request(ctx.http)
        .post(`/api/v1/applications/${draft.body.id}/sign`)
        .set('Authorization', caller.auth)
        .send({ contentHash: draft.body.contentHash })
        .expect(200);
    }
    const [event] = (await ctx.db.query(
      `SELECT id, created_at, payload FROM outbox
        WHERE event_type = 'application.submitted' AND payload->>'applicationId' = $1`,
      [draft.body.id],
    )) as { id: string; created_at: Date; payload: Record<string, unknown> }[];

    const [message] = await eventually(
      async () => receiver.at('/ok').length > 0 && receiver.at('/ok'),
    );
    expect(message.headers['content-type']).toBe('application/json');
    expect(message.headers['webhook-id']).toBe(event.id);
    expect(message.headers['user-agent']).toMatch(/Webhooks/);
    expectSignedBy(secret, message);
    expect(JSON.parse(message.body)).toEqual({
      id: event.id,
      type: 'application.submitted',
      timestamp: event.created_at.toISOString(),
      data: event.payload,
    });
    expect(JSON.parse(message.body).data).toMatchObject({
      applicationId: draft.body.id,
      partnershipId: partnership.id,
    });

    const delivery = await settled(subscription.id, event.id);
    expect(delivery).toMatchObject({ status: 'succeeded', eventType: 'application.submitted' });
    expect(delivery.deliveredAt).toEqual(expect.any(String));
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ statusCode: 204, durationMs: expect.any(Number), error: null }),
    ]);
    // Exactly one POST even though the event is handled by the whole pipeline once more.
    await sleep(200);
    expect(receiver.at('/ok')).toHaveLength(1);

    // The secret is nowhere but the create response.
    const read = await getAs(`${WEBHOOKS}/${subscription.id}`).expect(200);
    const list = await getAs(WEBHOOKS).expect(200);
    for (const text of [JSON.stringify(read.body), JSON.stringify(list.body)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/secret/i);
    }
    expect(read.headers.etag).toBe(`"${read.body.version}"`);
    expect(
      await count(`SELECT count(*) AS n FROM audit_events WHERE data::text LIKE $1`, [
        `%${secret.slice(6, 30)}%`,
      ]),
    ).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM outbox WHERE payload::text LIKE $1`, [
        `%${secret.slice(6, 30)}%`,
      ]),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM webhook_subscriptions WHERE secret_encrypted LIKE $1`,
        [`%${secret.slice(6, 30)}%`],
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_events WHERE action = 'webhook.created' AND entity_id = $1`,
        [subscription.id],
      ),
    ).toBe(1);
  });

  it('retries a receiver that answers 500, 500, then 200, and logs all three attempts', async () => {
    const { body: sub } = await subscribe({
      url: receiver.url('/flaky'),
      events: ['award.created'],
    }).expect(201);
    const eventId = await emit('award.created', { awardId: randomUUID() });
    const delivery = await settled(sub.id, eventId);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery.attempts.map((a) => a.responseExcerpt)).toEqual(['boom 1', 'boom 2', 'thanks']);
    for (const attempt of delivery.attempts) expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
    const posts = receiver.at('/flaky');
    expect(posts).toHaveLength(3);
    // Same message every time: same id and body, each attempt signed afresh.
    expect(new Set(posts.map((p) => p.headers['webhook-id']))).toEqual(new Set([eventId]));
    expect(new Set(posts.map((p) => p.body)).size).toBe(1);
    for (const post of posts) expectSignedBy(sub.secret, post);
  });

  it('fails a delivery after WEBHOOK_MAX_ATTEMPTS and disables the subscription after two failed deliveries', async () => {
    const { body: sub } = await subscribe({
      url: receiver.url('/down'),
      events: ['disbursement.failed'],
    }).expect(201);
    const first = await settled(sub.id, await emit('disbursement.failed'));
    expect(first.status).toBe('failed');
    expect(first.attempts.map((a) => a.statusCode)).toEqual([503, 503, 503]);
    expect(first.attempts[0].responseExcerpt).toHaveLength(1000);
    expect((await getAs(`${WEBHOOKS}/${sub.id}`).expect(200)).body).toMatchObject({
      status: 'active',
      consecutiveFailures: 1,
    });

    const second = await settled(sub.id, await emit('disbursement.failed'));
    expect(second.status).toBe('failed');
    const disabled = (await getAs(`${WEBHOOKS}/${sub.id}`).expect(200)).body;
    expect(disabled).toMatchObject({
      status: 'disabled',
      consecutiveFailures: 2,
      disabledReason: expect.stringContaining('2 deliveries failed'),
    });
    const audit = (await ctx.db.query(
      `SELECT actor_type, data FROM audit_events WHERE action = 'webhook.disabled' AND entity_id = $1`,
      [sub.id],
    )) as { actor_type: string; data: Record<string, unknown> }[];
    expect(audit).toEqual([
      { actor_type: 'system', data: expect.objectContaining({ consecutiveFailures: 2 }) },
    ]);

    // A disabled subscription gets no new deliveries.
    const third = await emit('disbursement.failed');
    await sleep(700);
    expect((await deliveriesOf(sub.id)).map((d) => d.eventId)).not.toContain(third);
    expect(receiver.at('/down')).toHaveLength(6);

    // Nor redeliveries, until an admin re-enables it: that clears the failure streak.
    const redeliver = await request(ctx.http)
      .post(`${WEBHOOKS}/${sub.id}/deliveries/${second.id}/redeliver`)
      .set('Authorization', admin.auth)
      .expect(409);
    expectProblem(redeliver, 409, 'invalid_state');
    const enabled = await request(ctx.http)
      .patch(`${WEBHOOKS}/${sub.id}`)
      .set('Authorization', admin.auth)
      .set('If-Match', `"${disabled.version}"`)
      .send({ status: 'active' })
      .expect(200);
    expect(enabled.body).toMatchObject({
      status: 'active',
      consecutiveFailures: 0,
      disabledReason: null,
    });
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_events WHERE action = 'webhook.enabled' AND entity_id = $1`,
        [sub.id],
      ),
    ).toBe(1);
  });

  it('does not follow a redirect: the 302 is a failed attempt and its target is never hit', async () => {
    const { body: sub } = await subscribe({
      url: receiver.url('/redirect'),
      events: ['report.submitted'],
    }).expect(201);
    const delivery = await settled(sub.id, await emit('report.submitted'));
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts.map((a) => a.statusCode)).toEqual([302, 302, 302]);
    expect(delivery.attempts[0].error).toMatch(/redirect not followed/);
    expect(receiver.at('/redirected')).toHaveLength(0);
  });

  it('gives up on a slow receiver after WEBHOOK_TIMEOUT_MS and logs the timeout', async () => {
    const { body: sub } = await subscribe({
      url: receiver.url('/slow'),
      events: ['export.completed'],
    }).expect(201);
    const delivery = await settled(sub.id, await emit('export.completed'));
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(3);
    for (const attempt of delivery.attempts) {
      expect(attempt).toMatchObject({ statusCode: null, error: 'timeout' });
      expect(attempt.durationMs).toBeGreaterThanOrEqual(250);
      expect(attempt.durationMs).toBeLessThan(1400);
    }
  });

  it('redelivers by hand: a new series of attempts, logged after the first ones', async () => {
    toggleHealthy = false;
    const { body: sub } = await subscribe({
      url: receiver.url('/toggle'),
      events: ['report.accepted'],
    }).expect(201);
    const eventId = await emit('report.accepted');
    const failed = await settled(sub.id, eventId);
    expect(failed.status).toBe('failed');

    toggleHealthy = true;
    const res = await request(ctx.http)
      .post(`${WEBHOOKS}/${sub.id}/deliveries/${failed.id}/redeliver`)
      .set('Authorization', admin.auth)
      .expect(202);
    expect(res.body).toMatchObject({ id: failed.id, status: 'pending' });
    const delivered = await settled(sub.id, eventId);
    expect(delivered.status).toBe('succeeded');
    expect(delivered.attempts.map((a) => a.statusCode)).toEqual([500, 500, 500, 200]);
    expect(new Set(receiver.at('/toggle').map((p) => p.headers['webhook-id']))).toEqual(
      new Set([eventId]),
    );
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_events WHERE action = 'webhook.redelivery_requested' AND entity_id = $1`,
        [sub.id],
      ),
    ).toBe(1);

    const missing = await request(ctx.http)
      .post(`${WEBHOOKS}/${sub.id}/deliveries/${randomUUID()}/redeliver`)
      .set('Authorization', admin.auth);
    expectProblem(missing, 404, 'not_found');
    const other = await request(ctx.http)
      .post(`${WEBHOOKS}/${randomUUID()}/deliveries/${failed.id}/redeliver`)
      .set('Authorization', admin.auth);
    expectProblem(other, 404, 'not_found');

    const filtered = await getAs(`${WEBHOOKS}/${sub.id}/deliveries?status=failed`).expect(200);
    expect(filtered.body.data).toEqual([]);
    expectProblem(
      await getAs(`${WEBHOOKS}/${sub.id}/deliveries?status=nope`),
      400,
      'validation_failed',
    );
    expectProblem(await getAs(`${WEBHOOKS}/${randomUUID()}/deliveries`), 404, 'not_found');
  });

  it('never stores the signing secret: an Idempotency-Key on the subscription is ignored', async () => {
    const key = `webhook-${randomUUID()}`;
    const body = { url: receiver.url('/ok'), events: ['award.created'] };
    const first = await subscribe(body).set('Idempotency-Key', key).expect(201);
    expect(first.body.secret).toMatch(/^whsec_/);
    const [{ kept, secrets }] = (await ctx.db.query(
      `SELECT count(*) FILTER (WHERE key = $1)::int AS kept,
              count(*) FILTER (WHERE response_body::text LIKE '%whsec_%')::int AS secrets
         FROM idempotency_keys`,
      [key],
    )) as { kept: number; secrets: number }[];
    expect({ kept, secrets }).toEqual({ kept: 0, secrets: 0 });
    // Not replayed (a replay would have to keep the secret): the retry is a new subscription.
    const again = await subscribe(body).set('Idempotency-Key', key).expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.id).not.toBe(first.body.id);
  });

  it('updates with If-Match, deletes, and answers 404/412 where due', async () => {
    const { body: sub } = await subscribe({
      url: receiver.url('/ok'),
      events: ['award.created'],
    }).expect(201);
    const stale = await request(ctx.http)
      .patch(`${WEBHOOKS}/${sub.id}`)
      .set('Authorization', admin.auth)
      .set('If-Match', `"${sub.version + 5}"`)
      .send({ description: 'nope' });
    expectProblem(stale, 412, 'precondition_failed');
    const updated = await request(ctx.http)
      .patch(`${WEBHOOKS}/${sub.id}`)
      .set('Authorization', admin.auth)
      .set('If-Match', `"${sub.version}"`)
      .send({ events: ['award.created', 'disbursement.paid'], description: 'ledger' })
      .expect(200);
    expect(updated.body).toMatchObject({
      events: ['award.created', 'disbursement.paid'],
      description: 'ledger',
    });
    expect(updated.body.version).toBeGreaterThan(sub.version);
    expect(updated.body).not.toHaveProperty('secret');

    const badPatch = await request(ctx.http)
      .patch(`${WEBHOOKS}/${sub.id}`)
      .set('Authorization', admin.auth)
      .send({ events: ['nope'] });
    expectProblem(badPatch, 400, 'validation_failed');

    await request(ctx.http)
      .delete(`${WEBHOOKS}/${sub.id}`)
      .set('Authorization', admin.auth)
      .expect(204);
    expectProblem(await getAs(`${WEBHOOKS}/${sub.id}`), 404, 'not_found');
    expectProblem(
      await request(ctx.http).delete(`${WEBHOOKS}/${sub.id}`).set('Authorization', admin.auth),
      404,
      'not_found',
    );
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_events WHERE action = 'webhook.deleted' AND entity_id = $1`,
        [sub.id],
      ),
    ).toBe(1);
    expectProblem(await getAs(`${WEBHOOKS}/not-a-uuid`), 400, 'validation_failed');
  });

  it('refuses invalid bodies with 400 and writes nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM webhook_subscriptions');
    const url = receiver.url('/ok');
    for (const body of [
      {},
      { url: 'ftp://example.com/hook', events: ['award.created'] },
      { url: 'not a url', events: ['award.created'] },
      { url: `https://example.com/${'x'.repeat(2000)}`, events: ['award.created'] },
      { url: 'https://user:pass@example.com/hook', events: ['award.created'] },
      { url, events: [] },
      { url, events: ['*'] },
      { url, events: ['application.cosign_requested'] },
      { url, events: ['award.created', 'award.created'] },
      { url, events: ['award.created'], description: 'x'.repeat(501) },
      { url, events: ['award.created'], secret: 'whsec_mine' },
    ]) {
      const res = await subscribe(body);
      expectProblem(res, 400, 'validation_failed');
    }
    expect(await count('SELECT count(*) AS n FROM webhook_subscriptions')).toBe(before);
  });

  it('lets admins and API keys with webhooks:manage manage webhooks, and nobody else', async () => {
    const body = { url: receiver.url('/ok'), events: ['award.created'] };
    const officer = await bearer(ctx, { role: 'program_officer' });
    const auditor = await bearer(ctx, { role: 'auditor' });
    expectProblem(await subscribe(body, officer.auth), 403, 'forbidden');
    expectProblem(await getAs(WEBHOOKS, auditor.auth), 403, 'forbidden');
    expectProblem(await request(ctx.http).get(WEBHOOKS), 401, 'unauthenticated');
    expectProblem(await request(ctx.http).post(WEBHOOKS).send(body), 401, 'unauthenticated');

    const keyWith = async (scopes: string[]) =>
      (
        await request(ctx.http)
          .post('/api/v1/api-keys')
          .set('Authorization', admin.auth)
          .send({ name: `webhooks ${scopes.join(',')}`, scopes, userId: admin.user.id })
          .expect(201)
      ).body.key as string;
    const manage = await keyWith(['webhooks:manage']);
    const created = await request(ctx.http)
      .post(WEBHOOKS)
      .set('X-API-Key', manage)
      .send(body)
      .expect(201);
    expect(created.body.createdBy).toBe(admin.user.id);
    await request(ctx.http).get(WEBHOOKS).set('X-API-Key', manage).expect(200);
    const other = await keyWith(['exports:write']);
    expectProblem(await request(ctx.http).get(WEBHOOKS).set('X-API-Key', other), 403, 'forbidden');
    expectProblem(
      await request(ctx.http).post(WEBHOOKS).set('X-API-Key', other).send(body),
      403,
      'forbidden',
    );
  });
});

describe('webhooks: SSRF protection (private targets not allowed)', () => {
  let ctx: TestContext;
  let admin: { auth: string };

  beforeAll(async () => {
    ctx = await createTestApp({
      worker: true,
      env: {
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false',
        WEBHOOK_MAX_ATTEMPTS: '1',
        WEBHOOK_BACKOFF_BASE_MS: '50',
      },
    });
    admin = await bearer(ctx, { role: 'admin' });
  });
  afterAll(() => ctx?.close());

  it.each([
    'http://169.254.169.254/',
    'http://169.254.169.254/latest/meta-data/iam/',
    'http://[::ffff:169.254.169.254]/',
    'http://0xA9FEA9FE/',
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.1.2.3/hook',
    'https://[fd00::1]/hook',
  ])('refuses %s with 400 at creation', async (url) => {
    const res = await request(ctx.http)
      .post(WEBHOOKS)
      .set('Authorization', admin.auth)
      .send({ url, events: ['application.submitted'] });
    expectProblem(res, 400, 'validation_failed');
    expect(await ctx.db.getRepository(WebhookSubscription).count()).toBe(0);
  });

  it('refuses an internal target again at delivery time, without calling it', async () => {
    const receiver = await startReceiver({ '/hook': async () => ({ status: 200 }) });
    try {
      // As if the name had resolved to a public address at creation and moved since.
      const id = randomUUID();
      const repo = ctx.db.getRepository(WebhookSubscription);
      await repo.save(
        repo.create({
          id,
          url: receiver.url('/hook'),
          events: ['award.created'],
          secretEncrypted: ctx.api.get(FieldEncryption).encrypt('whsec_AAAA', id),
          createdBy: randomUUID(),
        }),
      );
      await ctx.db.transaction((manager) =>
        ctx.api.get(ChangeLog).record(manager, {
          actor: null,
          action: 'award.created',
          entity: { type: 'award', id: randomUUID() },
          event: { type: 'award.created', payload: {} },
        }),
      );
      const [attempt] = await eventually(
        async () => {
          const rows = (await ctx.db.query(
            `SELECT a.status_code, a.error, d.status FROM webhook_attempts a
               JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = $1`,
            [id],
          )) as { status_code: number | null; error: string; status: string }[];
          return rows.length > 0 && rows;
        },
        10_000,
        'the refused attempt',
      );
      expect(attempt).toEqual({
        status_code: null,
        error: 'target refused: 127.0.0.1 is a loopback address',
        status: 'failed',
      });
      expect(receiver.at('/hook')).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});
