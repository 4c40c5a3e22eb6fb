import request from 'supertest';
import { ApplicationsService } from '../src/applications/applications.service';
import type { ListApplicationsQuery } from '../src/applications/dto/application.dto';
import type { Principal } from '../src/auth/principal';
import type { City } from '../src/partnerships/city.entity';
import type { Partnership } from '../src/partnerships/partnership.entity';
import type { Round } from '../src/rounds/round.entity';
import type { User } from '../src/users/user.entity';
import { createTestApp, TestContext } from './support/app';
import { bearer, createCity, createPartnership, createRound } from './support/factories';

const APPLICATIONS = '/api/v1/applications';

interface Caller {
  user: User;
  auth: string;
}

interface Item {
  id: string;
  roundId: string;
  partnershipId: string;
  jpCityId: string;
  usCityId: string;
  status: string;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe('applications: lists, filters, reach and indexes', () => {
  let ctx: TestContext;
  let yokohama: City;
  let sanDiego: City;
  let osaka: City;
  let seattle: City;
  let ykSd: Partnership;
  let osSd: Partnership;
  let ykSea: Partnership;
  let osSea: Partnership;
  let r1: Round;
  let r2: Round;
  let yk: Caller;
  let sd: Caller;
  let os: Caller;
  let admin: Caller;
  let reviewer: Caller;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    yokohama = await createCity(ctx, { country: 'JP', nameEn: 'Yokohama', region: 'JP-14' });
    osaka = await createCity(ctx, { country: 'JP', nameEn: 'Osaka', region: 'JP-27' });
    sanDiego = await createCity(ctx, { country: 'US', nameEn: 'San Diego', region: 'US-CA' });
    seattle = await createCity(ctx, {
      country: 'US',
      nameEn: 'Seattle',
      region: 'US-WA',
      timezone: 'America/Los_Angeles',
    });
    ykSd = await createPartnership(ctx, yokohama, sanDiego);
    osSd = await createPartnership(ctx, osaka, sanDiego);
    ykSea = await createPartnership(ctx, yokohama, seattle);
    osSea = await createPartnership(ctx, osaka, seattle);
    r1 = await createRound(ctx);
    r2 = await createRound(ctx);
    yk = await bearer(ctx, { role: 'city_user', cityId: yokohama.id });
    sd = await bearer(ctx, { role: 'city_user', cityId: sanDiego.id });
    os = await bearer(ctx, { role: 'city_user', cityId: osaka.id });
    const sea = await bearer(ctx, { role: 'city_user', cityId: seattle.id });
    admin = await bearer(ctx, { role: 'admin' });
    reviewer = await bearer(ctx, { role: 'reviewer', country: 'US' });

    const create = async (name: string, caller: Caller, round: Round, p: Partnership) => {
      const res = await request(ctx.http)
        .post(APPLICATIONS)
        .set('Authorization', caller.auth)
        .send({
          roundId: round.id,
          partnershipId: p.id,
          title: { en: name },
          summary: { ja: '概要' },
          startsOn: '2026-04-01',
          endsOn: '2026-09-30',
          budgetLines: [
            { side: 'US', category: 'c', description: 'd', amountMinor: 100, currency: 'USD' },
          ],
        })
        .expect(201);
      ids[name] = res.body.id;
      return res.body as { id: string; contentHash: string };
    };
    const sign = (caller: Caller, app: { id: string; contentHash: string }) =>
      request(ctx.http)
        .post(`${APPLICATIONS}/${app.id}/sign`)
        .set('Authorization', caller.auth)
        .send({ contentHash: app.contentHash })
        .expect(200);

    await create('r1 yk-sd', yk, r1, ykSd);
    const submitted = await create('r1 os-sd', sd, r1, osSd);
    await sign(os, submitted);
    await sign(sd, submitted);
    await create('r1 yk-sea', sea, r1, ykSea);
    const withdrawn = await create('r1 os-sea', os, r1, osSea);
    await request(ctx.http)
      .post(`${APPLICATIONS}/${withdrawn.id}/withdraw`)
      .set('Authorization', sea.auth)
      .expect(200);
    await sign(yk, await create('r2 yk-sd', sd, r2, ykSd));
    await create('r2 os-sd', os, r2, osSd);
  });
  afterAll(() => ctx.close());

  const SUMMARY_FIELDS = [
    'id',
    'roundId',
    'partnershipId',
    'jpCityId',
    'usCityId',
    'status',
    'title',
    'contentHash',
    'submittedAt',
    'createdAt',
    'updatedAt',
    'version',
  ];
  const list = async (caller: Caller, query: Record<string, string | number> = {}) => {
    const res = await request(ctx.http)
      .get(APPLICATIONS)
      .query(query)
      .set('Authorization', caller.auth)
      .expect(200);
    return res.body as { data: Item[]; nextCursor: string | null };
  };
  const names = (items: Item[]) =>
    items.map((item) => Object.keys(ids).find((name) => ids[name] === item.id)).sort();

  it('shows a city user only its own city’s applications, newest first', async () => {
    expect(names((await list(yk)).data)).toEqual(['r1 yk-sd', 'r1 yk-sea', 'r2 yk-sd']);
    expect(names((await list(sd)).data)).toEqual(['r1 os-sd', 'r1 yk-sd', 'r2 os-sd', 'r2 yk-sd']);
    expect(names((await list(os)).data)).toEqual(['r1 os-sd', 'r1 os-sea', 'r2 os-sd']);
    const all = (await list(admin)).data;
    expect(all).toHaveLength(6);
    expect(all.map((a) => a.id)).toEqual(
      ['r2 os-sd', 'r2 yk-sd', 'r1 os-sea', 'r1 yk-sea', 'r1 os-sd', 'r1 yk-sd'].map((n) => ids[n]),
    );
    // A summary: no budget lines, no summary text.
    expect(all[0]).not.toHaveProperty('budgetLines');
    expect(all[0]).not.toHaveProperty('summary');
    expect(all[0]).toMatchObject({ title: { en: 'r2 os-sd' }, status: 'draft', version: 1 });
    // Each item is exactly the read's fields of a summary (the submitted one has every field set).
    for (const item of all) {
      const read = await request(ctx.http)
        .get(`${APPLICATIONS}/${item.id}`)
        .set('Authorization', admin.auth)
        .expect(200);
      const summary = Object.fromEntries(SUMMARY_FIELDS.map((field) => [field, read.body[field]]));
      expect(item).toEqual(summary);
    }
  });

  it('never lets a city user see another city’s application by id', async () => {
    await request(ctx.http)
      .get(`${APPLICATIONS}/${ids['r1 os-sea']}`)
      .set('Authorization', yk.auth)
      .expect(404);
    await request(ctx.http)
      .get(`${APPLICATIONS}/${ids['r1 yk-sea']}`)
      .set('Authorization', yk.auth)
      .expect(200);
  });

  it('filters by round, status, city and partnership, for staff and inside a city’s reach', async () => {
    expect(names((await list(admin, { roundId: r1.id })).data)).toEqual([
      'r1 os-sd',
      'r1 os-sea',
      'r1 yk-sd',
      'r1 yk-sea',
    ]);
    expect(names((await list(admin, { status: 'submitted' })).data)).toEqual(['r1 os-sd']);
    expect(names((await list(admin, { status: 'withdrawn' })).data)).toEqual(['r1 os-sea']);
    expect(names((await list(admin, { roundId: r2.id, status: 'awaiting_cosign' })).data)).toEqual([
      'r2 yk-sd',
    ]);
    expect(names((await list(admin, { cityId: seattle.id })).data)).toEqual([
      'r1 os-sea',
      'r1 yk-sea',
    ]);
    expect(names((await list(admin, { partnershipId: ykSd.id })).data)).toEqual([
      'r1 yk-sd',
      'r2 yk-sd',
    ]);
    // Filters narrow reach, never widen it.
    expect(names((await list(yk, { cityId: sanDiego.id })).data)).toEqual(['r1 yk-sd', 'r2 yk-sd']);
    expect((await list(yk, { cityId: osaka.id })).data).toEqual([]);
    expect((await list(yk, { partnershipId: osSea.id })).data).toEqual([]);
  });

  it('pages with a cursor, covering every row exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { data: Item[]; nextCursor: string | null } = await list(admin, {
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.data.map((a) => a.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    const sdPage = await list(sd, { limit: 3 });
    expect(sdPage.data).toHaveLength(3);
    const rest = await list(sd, { limit: 3, cursor: sdPage.nextCursor! });
    expect(rest.nextCursor).toBeNull();
    expect(names([...sdPage.data, ...rest.data])).toEqual(names((await list(sd)).data));
  });

  it('refuses malformed list queries with 400', async () => {
    for (const query of [
      { status: 'bogus' },
      { limit: 500 },
      { limit: 0 },
      { cityId: 'x' },
      { roundId: 'nope' },
      { cursor: 'garbage' },
      { colour: 'blue' },
    ]) {
      const res = await request(ctx.http)
        .get(APPLICATIONS)
        .query(query)
        .set('Authorization', admin.auth);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
    }
  });

  it('shows a reviewer nothing before assignment: an empty list, 404 on read and history', async () => {
    expect(await list(reviewer)).toEqual({ data: [], nextCursor: null });
    for (const path of [
      `${APPLICATIONS}/${ids['r1 os-sd']}`,
      `${APPLICATIONS}/${ids['r1 os-sd']}/history`,
    ]) {
      const res = await request(ctx.http).get(path).set('Authorization', reviewer.auth);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('lets every staff role read every application', async () => {
    for (const role of [
      'auditor',
      'program_officer',
      'finance_officer',
      'finance_approver',
    ] as const) {
      const caller = await bearer(ctx, { role });
      expect((await list(caller)).data).toHaveLength(6);
    }
  });

  it('answers each list query over 50,000 applications from an index, in a few milliseconds', async () => {
    await ctx.db.query(`
      INSERT INTO cities (country, name_en, region, timezone)
      SELECT c.country, 'Bulk ' || c.country || ' ' || g, c.region, c.zone
      FROM generate_series(1, 500) g,
           (VALUES ('JP', 'JP-13', 'Asia/Tokyo'), ('US', 'US-CA', 'America/Los_Angeles'))
             AS c(country, region, zone)`);
    await ctx.db.query(`
      INSERT INTO partnerships (jp_city_id, us_city_id, established_on, status)
      SELECT jp.id, us.id, '1960-01-01', 'active'
      FROM cities jp JOIN cities us
        ON us.name_en = 'Bulk US ' || substring(jp.name_en FROM 9)
      WHERE jp.name_en LIKE 'Bulk JP %'`);
    const bulkRounds = [await createRound(ctx), await createRound(ctx)];
    // A round of last year: all its applications are older than every other round's.
    const earlierRound = await createRound(ctx);
    // One live application per (partnership, round): the first 1,000 rows; the rest withdrawn.
    await ctx.db.transaction(async (manager) => {
      // Bulk load: the rows reference real rounds and partnerships, so skip the per-row FK triggers.
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(
        `WITH p AS (
         SELECT id, jp_city_id, us_city_id, (row_number() OVER (ORDER BY id) - 1)::int AS n
         FROM partnerships WHERE id NOT IN ($4, $5, $6, $7))
       INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
         summary, starts_on, ends_on, budget_lines, content_hash, created_by, version, created_at,
         updated_at)
       SELECT CASE WHEN (g / 500) % 2 = 0 THEN $1::uuid ELSE $2::uuid END,
              p.id, p.jp_city_id, p.us_city_id,
              CASE WHEN g < 1000
                THEN (ARRAY['draft','awaiting_cosign','submitted','in_review'])[g % 4 + 1]
                ELSE 'withdrawn' END,
              jsonb_build_object('en', 'Bulk application ' || g), '{"ja":"概要"}',
              '2026-04-01', '2026-12-31', '[]', md5(g::text) || md5('x' || g), $3, 1,
              now() - make_interval(secs => g), now()
       FROM generate_series(0, 49999) g JOIN p ON p.n = g % 500`,
        [bulkRounds[0].id, bulkRounds[1].id, admin.user.id, ykSd.id, osSd.id, ykSea.id, osSea.id],
      );
      // Its rows are all older than every other round's: read through the global (created_at, id)
      // index, its first page would come only after every newer row.
      await manager.query(
        `WITH p AS (
           SELECT id, jp_city_id, us_city_id, (row_number() OVER (ORDER BY id) - 1)::int AS n
           FROM partnerships WHERE id NOT IN ($3, $4, $5, $6))
         INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
           summary, starts_on, ends_on, budget_lines, content_hash, created_by, version,
           created_at, updated_at)
         SELECT $1, p.id, p.jp_city_id, p.us_city_id,
                CASE WHEN g < 500 THEN 'submitted' ELSE 'withdrawn' END, '{"en":"Last year"}',
                '{"en":"Old"}', '2025-04-01', '2025-12-31', '[]', md5(g::text) || md5('y'), $2, 1,
                now() - interval '400 days' - make_interval(secs => g), now()
           FROM generate_series(0, 4999) g JOIN p ON p.n = g % 500`,
        [earlierRound.id, admin.user.id, ykSd.id, osSd.id, ykSea.id, osSea.id],
      );
    });
    await ctx.db.query('ANALYZE applications');
    const [{ n }] = (await ctx.db.query('SELECT count(*)::int AS n FROM applications')) as {
      n: number;
    }[];
    expect(n).toBeGreaterThanOrEqual(50_000);

    const bulkCity = (
      (await ctx.db.query(`SELECT id FROM cities WHERE name_en = 'Bulk US 250'`)) as {
        id: string;
      }[]
    )[0].id;
    const bulkPartnership = (
      (await ctx.db.query(`SELECT id FROM partnerships WHERE us_city_id = $1`, [bulkCity])) as {
        id: string;
      }[]
    )[0].id;
    const principal = (role: Principal['role'], cityId: string | null = null): Principal => ({
      kind: 'user',
      userId: admin.user.id,
      role,
      cityId,
      locale: 'en',
    });
    const service = ctx.api.get(ApplicationsService);
    const cases: [string, Principal, ListApplicationsQuery][] = [
      ['no filter', principal('admin'), {}],
      [
        'round and status',
        principal('program_officer'),
        { roundId: bulkRounds[1].id, status: 'submitted' },
      ],
      ['a city user, by city', principal('city_user', bulkCity), { cityId: bulkCity }],
      ['a city user, unfiltered', principal('city_user', bulkCity), {}],
      ['partnership', principal('auditor'), { partnershipId: bulkPartnership }],
      ['status only', principal('admin'), { status: 'withdrawn' }],
      ['an earlier round', principal('program_officer'), { roundId: earlierRound.id }],
    ];
    for (const [name, who, query] of cases) {
      const [sql, params] = service.listQuery(who, query).getQueryAndParameters();
      expect(sql).toMatch(/ORDER BY .* DESC, .* DESC LIMIT 51$/);
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = (await ctx.db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)) as {
        'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[];
      }[];
      const seqScans = nodesOf(plan.Plan).filter(
        (node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'applications',
      );
      if (process.env.SHOW_PLANS) {
        process.stdout.write(
          `${name}: ${plan['Execution Time']} ms, ${nodesOf(plan.Plan)
            .map((node) => `${node['Node Type']}(${node['Index Name'] ?? ''})`)
            .join(' > ')}\n`,
        );
      }
      expect({ name, seqScans }).toEqual({ name, seqScans: [] });
      // A filtered list reads its filter's index, not the global (created_at, id) one past every
      // row the filter drops (50,000 of them for the earlier round).
      const global = nodesOf(plan.Plan).filter(
        (node) => node['Index Name'] === 'ix_applications_list',
      );
      if (Object.keys(query).length) expect({ name, global }).toEqual({ name, global: [] });
      expect({ name, fast: plan['Execution Time'] < 50 }).toEqual({ name, fast: true });
    }
    // The page the API returns matches the query the plan was taken of.
    const page = await service.list(principal('city_user', bulkCity), { cityId: bulkCity });
    expect(page.data).toHaveLength(50);
    expect(page.data.every((a) => a.usCityId === bulkCity)).toBe(true);
  });
});
