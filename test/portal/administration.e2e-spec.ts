import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { ChangeLog } from '../../src/audit/change-log.service';
import type { City } from '../../src/partnerships/city.entity';
import administration from '../../web/src/i18n/catalogs/administration';
import common from '../../web/src/i18n/catalogs/common';
import { createTestApp, eventually, TestContext } from '../support/app';
import {
  expectAccessible as check,
  interpolate as fill,
  Language,
  Portal,
} from '../support/browser';
import { bearer, createCity, createUser } from '../support/factories';

// Each admin journey walks four pages and waits for the worker's webhook deliveries.
jest.setTimeout(90_000);

/** What Chromium logs for a response the page expected to be refused (4xx), and nothing else. */
const refused = (status: number) =>
  expect.stringMatching(new RegExp(`^Failed to load resource: .*status of ${status}\\b`));

/** A webhook receiver on 127.0.0.1 that accepts everything and records what it got. */
async function startReceiver() {
  const received: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(204).end();
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

/**
 * The administration pages in the browser (issue 16): an admin creates a user (refused first for
 * its fields), changes or deactivates one, creates an API key whose secret is shown once, revokes
 * it (once refused as already revoked); subscribes a webhook, sees its delivery and redelivers it;
 * an auditor filters the audit log and sees the chain verified; other roles get no data. Every
 * page and dialog is checked with axe, the console stays clean, and the state is read back from
 * PostgreSQL.
 */
describe('administration pages (Chromium, API, worker)', () => {
  let ctx: TestContext;
  let portal: Portal;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let nagasaki: City;

  beforeAll(async () => {
    ctx = await createTestApp({
      worker: true,
      env: {
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOK_BACKOFF_BASE_MS: '50',
        WEBHOOK_TIMEOUT_MS: '2000',
      },
    });
    portal = await Portal.open(ctx);
    receiver = await startReceiver();
    nagasaki = await createCity(ctx, {
      country: 'JP',
      nameEn: 'Nagasaki',
      nameJa: '長崎市',
      region: 'JP-42',
    });
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await receiver?.close();
    await ctx?.close();
  });

  const nav = (page: Page, name: string) =>
    page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  const heading = (page: Page, name: string) =>
    page.getByRole('heading', { level: 2, name, exact: true }).waitFor();
  const row = async (sql: string, params: unknown[]) =>
    ((await ctx.db.query(sql, params)) as Record<string, unknown>[])[0];
  /** A dialog once its opening transition ended (axe reads colours of a still element). */
  const dialog = async (page: Page, name: string): Promise<Locator> => {
    const found = page.getByRole('dialog', { name });
    await found.waitFor();
    return found;
  };

  /** Records a domain event as a service would (the worker fans it out to subscriptions). */
  async function emit(type: string): Promise<string> {
    const marker = randomUUID();
    await ctx.db.transaction((manager) =>
      ctx.api.get(ChangeLog).record(manager, {
        actor: null,
        action: type,
        entity: { type: 'application', id: marker },
        event: { type, payload: { marker } },
      }),
    );
    const found = await row(`SELECT id FROM outbox WHERE payload->>'marker' = $1`, [marker]);
    return found.id as string;
  }

  describe.each<Language>(['en', 'ja'])('an admin in %s', (language) => {
    const a = administration[language];
    const c = common[language];
    const first = language === 'en';
    /** Axe once per distinct page or dialog: on the English walk. */
    const axe = (page: Page, name: string) => (first ? check(page, name) : Promise.resolve());

    it('creates a user (its invalid fields refused first) and changes or deactivates them', async () => {
      const admin = await createUser(ctx, { role: 'admin', locale: language });
      const { page, problems } = await portal.signIn(admin.email, language);
      await nav(page, c.nav.users);
      await heading(page, a.users.title);
      await page.getByRole('table', { name: a.users.caption }).waitFor();
      await axe(page, 'users');

      await page.getByRole('button', { name: a.users.create.open }).click();
      const form = await dialog(page, a.users.create.title);
      await axe(page, 'users-create');
      const name = `Hanako Tanaka ${language}`;
      const email = `hanako.${language}@nagasaki.example`;
      await form.getByLabel(a.users.field.email).fill('hanako-at-nagasaki');
      await form.getByLabel(a.users.field.displayName).fill(name);
      await form.getByLabel(a.users.field.password, { exact: false }).first().fill('short');
      await form.getByLabel(a.users.field.role).selectOption('city_user');
      // The city is asked for before anything is sent.
      await form.getByRole('button', { name: a.users.create.submit }).click();
      await form.getByText(a.users.errors.city).waitFor();
      await form.getByLabel(a.users.field.city).fill(language === 'ja' ? '長崎' : 'Naga');
      await page.getByRole('option', { name: /Nagasaki|長崎市/ }).click();
      await form.getByLabel(language === 'ja' ? '日本語' : 'English').check();
      await form.getByRole('button', { name: a.users.create.submit }).click();
      // The API's field errors, in the user's language, under the fields they name.
      await form.getByText(c.errors.fields).waitFor();
      const fieldErrors = {
        en: ['Must be an email', 'Must be longer than or equal to 12 characters'],
        ja: ['メールアドレスの形式で入力してください', '12文字以上で入力してください'],
      }[language];
      for (const message of fieldErrors) await form.getByText(message).waitFor();
      expect(
        await row('SELECT count(*)::int AS n FROM users WHERE display_name = $1', [name]),
      ).toEqual({ n: 0 });

      await form.getByLabel(a.users.field.email).fill(email);
      await form
        .getByLabel(a.users.field.password, { exact: false })
        .first()
        .fill('a long enough password');
      await form.getByRole('button', { name: a.users.create.submit }).click();
      await page.getByText(fill(a.users.created, { name, email })).waitFor();
      const created = await row(
        'SELECT id, role, city_id AS "cityId", locale, active FROM users WHERE email = $1',
        [email],
      );
      expect(created).toMatchObject({
        role: 'city_user',
        cityId: nagasaki.id,
        locale: language,
        active: true,
      });
      const userRow = page.locator(`tr[data-user="${email}"]`);
      await userRow
        .getByText(nagasaki[language === 'ja' ? 'nameJa' : 'nameEn'] ?? '', { exact: true })
        .waitFor();

      if (first) {
        // Deactivated: they can no longer sign in.
        await userRow
          .getByRole('button', { name: fill(a.users.deactivate.open, { name }) })
          .click();
        await dialog(page, fill(a.users.deactivate.title, { name }));
        await axe(page, 'users-deactivate');
        await page.getByRole('button', { name: a.users.deactivate.confirm, exact: true }).click();
        await userRow.getByText(a.users.inactive).waitFor();
        expect(await row('SELECT active FROM users WHERE id = $1', [created.id])).toEqual({
          active: false,
        });
      } else {
        // A new role: a reviewer belongs to no city, is based in a country, and is kept off the
        // applications of the cities they are tied to (here the city they worked for).
        await userRow.getByRole('button', { name: fill(a.users.edit.open, { name }) }).click();
        const edit = await dialog(page, fill(a.users.edit.title, { name }));
        await edit.getByLabel(a.users.field.role).selectOption('reviewer');
        await edit.getByLabel(a.users.field.country).selectOption('JP');
        await edit.getByLabel(a.users.field.region).fill('JP-13');
        await edit.getByLabel(a.users.field.affiliations).fill('長崎');
        await page.getByRole('option', { name: /長崎市/ }).click();
        await page.keyboard.press('Escape');
        await check(page, 'users-edit');
        await edit.getByRole('button', { name: a.users.edit.submit }).click();
        await edit.waitFor({ state: 'detached' });
        await userRow.getByText(c.roles.reviewer).waitFor();
        expect(
          await row(
            `SELECT role, city_id AS "cityId", country, region, affiliations::text[] AS affiliations
               FROM users WHERE id = $1`,
            [created.id],
          ),
        ).toEqual({
          role: 'reviewer',
          cityId: null,
          country: 'JP',
          region: 'JP-13',
          affiliations: [nagasaki.id],
        });
      }
      expect(problems).toEqual([refused(400)]);
    });

    it('creates an API key by keyboard, shown once, that works until it is revoked', async () => {
      const admin = await createUser(ctx, { role: 'admin', locale: language });
      const other = await bearer(ctx, { role: 'admin' });
      const { page, problems } = await portal.signIn(admin.email, language, { path: '/api-keys' });
      await heading(page, a.keys.title);
      await page
        .getByText(a.keys.empty)
        .or(page.getByRole('table', { name: a.keys.caption }))
        .waitFor();

      await page.getByRole('button', { name: a.keys.create.open }).click();
      const form = await dialog(page, a.keys.create.title);
      await axe(page, 'api-keys-create');
      const keyName = `Nagasaki ERP ${language}`;
      // By keyboard: the name has the focus; Tab to the first scope, Space ticks it; Tab to the
      // submit button, Enter.
      await page.keyboard.type(keyName);
      const focused = () =>
        page.evaluate(() => {
          const element = (globalThis as unknown as { document: { activeElement: unknown } })
            .document.activeElement as { textContent?: string; value?: string; type?: string };
          return { text: element.textContent ?? '', value: element.value, type: element.type };
        });
      for (let i = 0; i < 10 && (await focused()).value !== 'applications:read'; i++) {
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Space');
      for (let i = 0; i < 12 && (await focused()).text !== a.keys.create.submit; i++) {
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      await form.waitFor({ state: 'detached' });

      const panel = page.getByRole('region', { name: fill(a.keys.created, { name: keyName }) });
      await panel.getByText(a.secret.warning).waitFor();
      await panel.getByRole('button', { name: a.secret.copy }).waitFor();
      const key = (await panel.locator('[data-secret]').innerText()).trim();
      await axe(page, 'api-keys-secret');
      const stored = await row(
        'SELECT id, prefix, key_hash AS "keyHash", scopes, user_id AS "userId" FROM api_keys WHERE name = $1',
        [keyName],
      );
      expect(stored).toMatchObject({ scopes: ['applications:read'], userId: admin.id });
      // Only the key's SHA-256 is stored.
      expect(key.startsWith(`sdg_${stored.prefix as string}_`)).toBe(true);
      expect(stored.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
      const withKey = () => request(ctx.http).get('/api/v1/applications').set('X-API-Key', key);
      await withKey().expect(200);

      // Never again: not after a reload, and never in the browser's storage.
      await page.reload();
      const listed = page.locator(`tr[data-key="${stored.prefix as string}"]`);
      await listed.getByText(keyName).waitFor();
      expect(await page.content()).not.toContain(key);
      const storage = await page.evaluate(() => {
        const { localStorage, sessionStorage } = globalThis as unknown as {
          localStorage: { [k: string]: string };
          sessionStorage: { [k: string]: string };
        };
        return JSON.stringify({ ...localStorage, ...sessionStorage });
      });
      expect(storage).not.toContain(key);
      await axe(page, 'api-keys');

      if (!first) {
        // Another admin revokes it meanwhile: the stale list's Revoke is refused, and explained.
        await request(ctx.http)
          .delete(`/api/v1/api-keys/${stored.id as string}`)
          .set('Authorization', other.auth)
          .expect(204);
      }
      await listed
        .getByRole('button', { name: fill(a.keys.revoke.open, { name: keyName }) })
        .click();
      const confirm = await dialog(page, fill(a.keys.revoke.title, { name: keyName }));
      await axe(page, 'api-keys-revoke');
      await confirm.getByRole('button', { name: a.keys.revoke.confirm }).click();
      if (first) {
        await confirm.waitFor({ state: 'detached' });
      } else {
        await confirm.getByText(a.keys.errors.alreadyRevoked).waitFor();
        await confirm.getByRole('button', { name: c.cancel }).click();
      }
      await listed.getByText(a.keys.revoked).waitFor();
      expect(
        await row('SELECT revoked_at IS NOT NULL AS revoked FROM api_keys WHERE id = $1', [
          stored.id,
        ]),
      ).toEqual({ revoked: true });
      await withKey().expect(401);
      expect(problems).toEqual(first ? [] : [refused(409)]);
    });

    it('subscribes a webhook (secret shown once), sees its delivery and redelivers it', async () => {
      const admin = await createUser(ctx, { role: 'admin', locale: language });
      const { page, problems } = await portal.signIn(admin.email, language, { path: '/webhooks' });
      await heading(page, a.hooks.title);
      await page.getByRole('button', { name: a.hooks.create.open }).click();
      const form = await dialog(page, a.hooks.create.title);
      await axe(page, 'webhooks-create');
      const path = `/crm-${language}`;
      // Not an http(s) address, and no event: refused before anything is sent.
      await form.getByLabel(a.hooks.field.url).fill('ftp://crm.example.org/hooks');
      await form.getByRole('button', { name: a.hooks.create.submit }).click();
      await form.getByText(a.hooks.errors.url).waitFor();
      await form.getByText(a.hooks.errors.events).waitFor();
      await form.getByLabel(a.hooks.field.url).fill(receiver.url(path));
      await form.getByLabel(a.hooks.field.description).fill(`CRM (${language})`);
      await form.getByLabel(a.hooks.event.application_submitted, { exact: true }).check();
      await form.getByRole('button', { name: a.hooks.create.submit }).click();
      await form.waitFor({ state: 'detached' });

      const panel = page.getByRole('region', {
        name: fill(a.hooks.created, { url: receiver.url(path) }),
      });
      const secret = (await panel.locator('[data-secret]').innerText()).trim();
      expect(secret).toMatch(/^whsec_/);
      await axe(page, 'webhooks-secret');
      const hook = await row(
        'SELECT id, events, status, secret_encrypted AS "secretEncrypted" FROM webhook_subscriptions WHERE url = $1',
        [receiver.url(path)],
      );
      expect(hook).toMatchObject({ events: ['application.submitted'], status: 'active' });
      expect(hook.secretEncrypted).not.toContain(secret.slice('whsec_'.length));
      await panel.getByRole('button', { name: a.secret.done }).click();
      await panel.waitFor({ state: 'detached' });

      // An application is submitted: the worker delivers it.
      const eventId = await emit('application.submitted');
      await eventually(
        async () =>
          (
            await row(
              'SELECT status FROM webhook_deliveries WHERE event_id = $1 AND subscription_id = $2',
              [eventId, hook.id],
            )
          )?.status === 'succeeded',
        20_000,
        'the delivery',
      );
      await page.getByRole('link', { name: receiver.url(path) }).click();
      await heading(page, receiver.url(path));
      expect(await page.content()).not.toContain(secret);
      const delivery = page.locator(`tr[data-delivery="${eventId}"]`);
      await delivery.getByText(a.hooks.status.succeeded).waitFor();
      await delivery
        .getByRole('button', { name: fill(a.deliveries.attemptCount_one, { count: 1 }) })
        .waitFor();
      await axe(page, 'webhook');

      await delivery
        .getByRole('button', {
          name: fill(a.deliveries.redeliverOf, { event: 'application.submitted' }),
        })
        .click();
      await page.getByText(fill(a.deliveries.queued, { event: 'application.submitted' })).waitFor();
      // The page follows the redelivery until it has landed.
      await delivery
        .getByRole('button', { name: fill(a.deliveries.attemptCount_other, { count: 2 }) })
        .waitFor({ timeout: 20_000 });
      await delivery.getByText(a.hooks.status.succeeded).waitFor();
      const sent = receiver.at(path);
      expect(sent).toHaveLength(2);
      expect(sent.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId]);
      expect(
        await row(
          `SELECT d.status, count(a.*)::int AS attempts FROM webhook_deliveries d
             JOIN webhook_attempts a ON a.delivery_id = d.id
            WHERE d.event_id = $1 AND d.subscription_id = $2 GROUP BY d.status`,
          [eventId, hook.id],
        ),
      ).toEqual({ status: 'succeeded', attempts: 2 });
      expect(problems).toEqual([]);
    });

    it('an auditor filters the audit log, reads an event and sees the chain verified', async () => {
      const admin = await bearer(ctx, { role: 'admin' });
      const email = `audited.${language}@test.example`;
      const created = await request(ctx.http)
        .post('/api/v1/users')
        .set('Authorization', admin.auth)
        .send({
          email,
          password: 'a long enough password',
          displayName: 'Audited',
          role: 'program_officer',
          locale: language,
        })
        .expect(201);
      const auditor = await createUser(ctx, { role: 'auditor', locale: language });
      const { page, problems } = await portal.signIn(auditor.email, language);
      await nav(page, c.nav.audit);
      await heading(page, a.audit.title);
      const chain = page.locator('[data-chain]');
      await chain.waitFor();
      // Every sealed event, as PostgreSQL holds them, checked.
      const { n } = (await row(
        'SELECT count(*)::int AS n FROM audit_events WHERE seq IS NOT NULL',
        [],
      )) as {
        n: number;
      };
      expect(await chain.getAttribute('data-chain')).toBe('valid');
      await chain.getByText(a.chain.valid).waitFor();
      await chain
        .getByText(
          fill(a.chain.validBody, {
            count: n.toLocaleString(language === 'ja' ? 'ja-JP' : 'en-US'),
          }),
        )
        .waitFor();

      if (!first) {
        // An event edited past the append-only trigger (as restoring a doctored dump would):
        // checked again, the chain breaks exactly there, and says why; restored, it is whole.
        const victim = (await row(
          `SELECT id, seq, data::text AS data FROM audit_events
            WHERE entity_type = 'user' AND entity_id = $1`,
          [created.body.id],
        )) as { id: string; seq: number; data: string };
        const rewrite = (data: string) =>
          ctx.db.transaction(async (manager) => {
            await manager.query('SET LOCAL session_replication_role = replica');
            await manager.query('UPDATE audit_events SET data = $2::jsonb WHERE id = $1', [
              victim.id,
              data,
            ]);
          });
        await rewrite(JSON.stringify({ ...JSON.parse(victim.data), role: 'admin' }));
        try {
          await chain.getByRole('button', { name: a.chain.again }).click();
          await chain.getByText(a.chain.broken).waitFor();
          expect(await chain.getAttribute('data-chain')).toBe('broken');
          await chain
            .getByText(
              fill(a.chain.brokenBody, {
                seq: victim.seq,
                id: victim.id,
                reason: a.chain.reason.hash_mismatch,
              }),
            )
            .waitFor();
          await check(page, 'audit-chain-broken');
        } finally {
          await rewrite(victim.data);
        }
        await chain.getByRole('button', { name: a.chain.again }).click();
        await chain.getByText(a.chain.valid).waitFor();
      }

      const filters = page.getByRole('form', { name: a.audit.filter.title });
      await filters.getByLabel(a.audit.filter.entityType).fill('user');
      await filters.getByLabel(a.audit.filter.entityId).fill(created.body.id as string);
      await filters.getByLabel(a.audit.filter.actorId).fill('not-a-uuid');
      await filters.getByRole('button', { name: a.audit.filter.apply }).click();
      await filters.getByText(a.audit.errors.uuid).waitFor();
      await filters.getByLabel(a.audit.filter.actorId).fill(admin.user.id);
      await filters.getByRole('button', { name: a.audit.filter.apply }).click();
      await page.waitForURL(
        (url) =>
          url.searchParams.get('entityId') === created.body.id &&
          url.searchParams.get('actorId') === admin.user.id &&
          url.searchParams.get('entityType') === 'user',
      );
      const table = page.getByRole('table', { name: a.audit.caption });
      const event = await row(
        `SELECT id, seq, hash FROM audit_events WHERE entity_type = 'user' AND entity_id = $1`,
        [created.body.id],
      );
      // Only the filtered event, once the page has the filtered answer.
      await eventually(
        async () => (await table.locator('tbody tr').count()) === 1,
        10_000,
        'the one event the filters match',
      );
      await table.getByText('user.created').waitFor();
      await table
        .getByRole('button', { name: fill(a.audit.detailsOf, { seq: event.seq as number }) })
        .click();
      await table.getByText(event.hash as string).waitFor();
      await table.getByText(`"email": "${email}"`).waitFor();
      await axe(page, 'audit');

      // A filter nothing matches says so.
      await filters.getByLabel(a.audit.filter.from).fill('2001-01-01');
      await filters.getByLabel(a.audit.filter.to).fill('2001-01-31');
      await filters.getByRole('button', { name: a.audit.filter.apply }).click();
      await page.getByText(a.audit.emptyFiltered).waitFor();

      // API keys are an administrator's: the auditor gets the refusal explained, and no data.
      await page.goto(`${portal.base}/api-keys`);
      await page.getByText(a.refusal.forbidden).waitFor();
      expect(await page.getByRole('table').count()).toBe(0);
      if (first) await check(page, 'api-keys-forbidden');
      expect(problems).toEqual([refused(403)]);
    });
  });

  it('a city user opening the users or API key pages gets no data', async () => {
    const a = administration.en;
    const cityUser = await createUser(ctx, { role: 'city_user', cityId: nagasaki.id });
    const { page, problems } = await portal.signIn(cityUser.email, 'en', { path: '/users' });
    await heading(page, a.users.title);
    await page.getByText(a.refusal.forbidden).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('button', { name: a.users.create.open }).count()).toBe(0);
    await check(page, 'users-forbidden');
    await page.goto(`${portal.base}/api-keys`);
    await page.getByText(a.refusal.forbidden).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('button', { name: a.keys.create.open }).count()).toBe(0);
    expect(problems).toEqual([refused(403), refused(403)]);
  });
});
