import createClient from 'openapi-fetch';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Assignment } from '../src/reviews/assignment.entity';
import type { paths } from '../client/openapi';
import { createTestApp, eventually, TestContext } from './support/app';
import {
  bearer,
  createApplication,
  createCity,
  createPartnership,
  createRound,
  createUser,
} from './support/factories';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** The city's own webhook endpoint: it keeps what it receives and answers 204. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/grants-hook`, received };
}

/**
 * Standard Webhooks verification as an integrator writes it, with nothing of ours: HMAC-SHA256
 * keyed with the base64 part of `whsec_…`, over `id.timestamp.body`, compared in constant time.
 */
function verifyStandardWebhook(secret: string, { headers, body }: Received): boolean {
  const id = String(headers['webhook-id']);
  const timestamp = String(headers['webhook-timestamp']);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return String(headers['webhook-signature'])
    .split(' ')
    .some((candidate) => {
      const [version, signature] = candidate.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return (
        version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
      );
    });
}

/**
 * SPEC §5.10: what a city's own system does, through the typed client generated from
 * openapi.json and nothing else (setup data comes from factories): list its applications,
 * read an award, receive a webhook and verify its signature.
 */
describe('integration partner (typed openapi-fetch client)', () => {
  let ctx: TestContext;
  let baseUrl: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    await ctx.api.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(ctx.http.address() as AddressInfo).port}`;
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.server.close(resolve));
    await ctx.close();
  });

  const clientWith = (headers: Record<string, string>) => createClient<paths>({ baseUrl, headers });

  it('lists its own applications, reads its award and verifies the award.created webhook', async () => {
    // Setup, straight in the database: a JP city with two partnerships and a partnership of
    // other cities, one application each (one live application per partnership and round); an
    // in-review application of ours with three submitted reviews, ready for a decision.
    const ourCity = await createCity(ctx, { country: 'JP' });
    const ours = await createPartnership(ctx, ourCity);
    const oursToo = await createPartnership(ctx, ourCity);
    const theirs = await createPartnership(ctx);
    const round = await createRound(ctx);
    const decided = await createApplication(ctx, round, ours, { status: 'in_review' });
    const submitted = await createApplication(ctx, round, oursToo);
    const foreign = await createApplication(ctx, round, theirs);
    const reviewers = await Promise.all(
      (['JP', 'US', 'US'] as const).map((country) =>
        createUser(ctx, { role: 'reviewer', country }),
      ),
    );
    await ctx.db.getRepository(Assignment).insert(
      reviewers.map((reviewer) => ({
        applicationId: decided.id,
        roundId: round.id,
        reviewerId: reviewer.id,
        status: 'submitted' as const,
        source: 'manual' as const,
        assignedBy: null,
        assignedAt: new Date(),
        submittedAt: new Date(),
      })),
    );
    const cityUser = await createUser(ctx, { role: 'city_user', cityId: ourCity.id });
    const admin = await bearer(ctx, { role: 'admin' });
    const officer = await bearer(ctx, { role: 'program_officer' });
    const asAdmin = clientWith({ Authorization: admin.auth });

    // The admin issues the city's key over the API.
    const issued = await asAdmin.POST('/api/v1/api-keys', {
      body: {
        name: 'City ERP',
        userId: cityUser.id,
        scopes: ['applications:read', 'awards:read', 'webhooks:manage'],
      },
    });
    expect(issued.response.status).toBe(201);
    const partner = clientWith({ 'X-API-Key': issued.data!.key });

    // Subscriptions are admin-only (SPEC §5.10): the city's key is refused even with
    // webhooks:manage, so the admin subscribes the city's endpoint with an admin key.
    const refused = await partner.POST('/api/v1/webhooks', {
      body: { url: receiver.url, events: ['award.created'] },
    });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ status: 403, code: 'forbidden' });
    expect(refused.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const adminKey = await asAdmin.POST('/api/v1/api-keys', {
      body: { name: 'Webhook admin', userId: admin.user.id, scopes: ['webhooks:manage'] },
    });
    expect(adminKey.response.status).toBe(201);
    const asAdminKey = clientWith({ 'X-API-Key': adminKey.data!.key });
    const subscribed = await asAdminKey.POST('/api/v1/webhooks', {
      body: { url: receiver.url, events: ['award.created'], description: 'City ERP' },
    });
    expect(subscribed.response.status).toBe(201);
    const secret = subscribed.data!.secret;
    expect(secret).toMatch(/^whsec_/);

    // The programme decides: an award for the city's application.
    const decision = await clientWith({ Authorization: officer.auth }).POST(
      '/api/v1/applications/{id}/decision',
      {
        params: { path: { id: decided.id } },
        body: {
          outcome: 'approved',
          rationale: 'Strong reviews',
          awards: [
            { side: 'US', currency: 'USD', amountMinor: 400_000 },
            { side: 'JP', currency: 'JPY', amountMinor: 450_000 },
          ],
        },
      },
    );
    expect(decision.response.status).toBe(201);
    const awardId = decision.data!.award!.id;

    // The partner lists its applications: its city's only.
    const listed = await partner.GET('/api/v1/applications', { params: { query: { limit: 50 } } });
    expect(listed.response.status).toBe(200);
    const ids = listed.data!.data.map((a) => a.id).sort();
    expect(ids).toEqual([decided.id, submitted.id].sort());
    expect(ids).not.toContain(foreign.id);

    // ...reads its award...
    const award = await partner.GET('/api/v1/awards/{id}', {
      params: { path: { id: awardId } },
    });
    expect(award.response.status).toBe(200);
    expect(award.data).toMatchObject({ id: awardId, applicationId: decided.id });

    // ...but not one that is not its city's (404, as if it did not exist), nor anything its
    // scopes do not cover.
    const missing = await partner.GET('/api/v1/awards/{id}', {
      params: { path: { id: foreign.id } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ code: 'not_found' });
    const unscoped = await partner.GET('/api/v1/disbursements', {});
    expect(unscoped.response.status).toBe(403);
    expect(unscoped.error).toMatchObject({ code: 'forbidden' });

    // The webhook arrives, signed with the secret of the create response.
    const delivery = await eventually(
      async () =>
        receiver.received.find((r) => JSON.parse(r.body).type === 'award.created') ?? null,
      15_000,
      'the award.created webhook',
    ).catch(async (error: Error) => {
      // Say what the delivery log knows, so a failure here points at the cause.
      const log = await asAdminKey.GET('/api/v1/webhooks/{id}/deliveries', {
        params: { path: { id: subscribed.data!.id } },
      });
      throw new Error(`${error.message}; deliveries: ${JSON.stringify(log.data ?? log.error)}`);
    });
    expect(verifyStandardWebhook(secret, delivery)).toBe(true);
    expect(verifyStandardWebhook(`whsec_${Buffer.alloc(32).toString('base64')}`, delivery)).toBe(
      false,
    );
    const event = JSON.parse(delivery.body) as { id: string; type: string; data: object };
    expect(event.id).toBe(delivery.headers['webhook-id']);
    expect(event.data).toMatchObject({ awardId, applicationId: decided.id });
  });
});
