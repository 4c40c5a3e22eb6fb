import { readFileSync } from 'node:fs';
import request, { Response } from 'supertest';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { City } from '../src/partnerships/city.entity';
import { Partnership } from '../src/partnerships/partnership.entity';
import { BUNDLED_SAMPLE_CSV } from '../src/database/seed';
import { createTestApp, TestContext } from './support/app';
import { bearer, createCity, createPartnership } from './support/factories';

const CITIES = '/api/v1/cities';
const PARTNERSHIPS = '/api/v1/partnerships';
const IMPORT = '/api/v1/partnerships/import';
const SAMPLE = readFileSync(BUNDLED_SAMPLE_CSV);
const HEADER = 'jp_city_en,jp_city_ja,jp_region,us_city,us_region,us_timezone,established_year';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, requestId: res.headers['x-request-id'] });
}

describe('cities and partnerships (SPEC §4, §5.1)', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: string;
  let reviewer: string;
  let osakaUser: string;
  /** The sample CSV's partnerships by "JP–US" name, once imported. */
  const byPair = new Map<string, string>();
  let osaka: City;
  let sanDiego: City;

  const get = (url: string, auth: string) => request(ctx.http).get(url).set('Authorization', auth);
  const upload = (auth: string, content: Buffer | string, filename = 'cities.csv') =>
    request(ctx.http)
      .post(IMPORT)
      .set('Authorization', auth)
      .attach('file', Buffer.from(content), filename);
  const count = (entity: typeof City | typeof Partnership) => ctx.db.getRepository(entity).count();

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = (await bearer(ctx, { role: 'admin' })).auth;
    officer = (await bearer(ctx, { role: 'program_officer' })).auth;
    reviewer = (await bearer(ctx, { role: 'reviewer' })).auth;
  });
  afterAll(() => ctx.close());

  describe('CSV import', () => {
    it('imports the sample: 24 partnerships, cities reused (Sendai, Fukuoka twice), audited', async () => {
      const res = await upload(admin, SAMPLE, 'sister-cities.csv').expect(200);
      expect(res.body).toMatchObject({ created: 24, skipped: 0, rejected: 0 });
      expect(res.body.rows).toHaveLength(24);
      expect(res.body.rows[0]).toEqual({
        line: 2,
        status: 'created',
        partnershipId: expect.any(String),
      });
      expect(await count(Partnership)).toBe(24);
      // 24 US cities, 22 JP cities: Sendai and Fukuoka each have two partners.
      expect(await ctx.db.getRepository(City).countBy({ country: 'JP' })).toBe(22);
      expect(await ctx.db.getRepository(City).countBy({ country: 'US' })).toBe(24);

      const audit = ctx.db.getRepository(AuditEvent);
      expect(await audit.countBy({ action: 'partnership.created' })).toBe(24);
      expect(await audit.countBy({ action: 'city.created' })).toBe(46);

      const cities = await ctx.db.getRepository(City).find();
      osaka = cities.find((c) => c.nameEn === 'Osaka')!;
      sanDiego = cities.find((c) => c.nameEn === 'San Diego')!;
      expect(osaka).toMatchObject({ country: 'JP', nameJa: '大阪市', region: 'JP-27' });
      expect(osaka.timezone).toBe('Asia/Tokyo');
      expect(sanDiego).toMatchObject({ region: 'US-CA', timezone: 'America/Los_Angeles' });

      const page = await get(`${PARTNERSHIPS}?limit=200`, admin).expect(200);
      for (const p of page.body.data) byPair.set(`${p.jpCity.name.en}–${p.usCity.name.en}`, p.id);
      osakaUser = (await bearer(ctx, { role: 'city_user', cityId: osaka.id })).auth;
    });

    it('imports the same file again: nothing created, every row skipped as a duplicate', async () => {
      const auditBefore = await ctx.db.getRepository(AuditEvent).count();
      const res = await upload(admin, SAMPLE).expect(200);
      expect(res.body).toMatchObject({ created: 0, skipped: 24, rejected: 0 });
      expect(res.body.rows[2]).toEqual({
        line: 4,
        status: 'skipped',
        reason: expect.stringContaining('duplicate'),
        partnershipId: byPair.get('Yokohama–San Diego'),
      });
      expect(await count(Partnership)).toBe(24);
      expect(await count(City)).toBe(46);
      expect(await ctx.db.getRepository(AuditEvent).count()).toBe(auditBefore);
    });

    it('rejects bad rows with a reason and still creates the good ones', async () => {
      const csv = [
        HEADER,
        'Atlantis,,JP-99,Boston,US-MA,America/New_York,1990',
        'Naha,那覇市,JP-47,Mars City,US-CA,Mars/Base,1990',
        'Seattleish,,US-CA,Tacoma,US-WA,America/Los_Angeles,1990',
        'Nara,奈良市,JP-29,Toledo,US-OH,America/New_York,1925',
        'Otaru,,JP-01,,US-AK,America/Anchorage,1990',
        'Akita,,JP-05,Fairbanks,US-AK,America/Anchorage,19x0',
        'Naha,那覇市,JP-47,Honolulu,JP-13,Pacific/Honolulu,1990',
      ].join('\n');
      const before = await count(Partnership);
      const res = await upload(admin, csv).expect(200);
      expect(res.body).toMatchObject({ created: 1, skipped: 0, rejected: 6 });
      const reasons = Object.fromEntries(
        res.body.rows.map((r: { line: number; reason?: string }) => [r.line, r.reason]),
      );
      expect(reasons[2]).toMatch(/unknown region code JP-99/);
      expect(reasons[3]).toMatch(/bad time zone Mars\/Base/);
      expect(reasons[4]).toMatch(/region US-CA is not in JP/);
      expect(res.body.rows[3]).toEqual({
        line: 5,
        status: 'created',
        partnershipId: expect.any(String),
      });
      expect(reasons[6]).toMatch(/missing fields: us_city/);
      expect(reasons[7]).toMatch(/bad year/);
      expect(reasons[8]).toMatch(/us_region: region JP-13 is not in US/);
      expect(await count(Partnership)).toBe(before + 1);
      // A rejected row leaves nothing behind, not even its valid city.
      expect(await ctx.db.getRepository(City).countBy({ nameEn: 'Naha' })).toBe(0);
    });

    it.each([
      [
        'a PNG',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
        'x.png',
      ],
      ['JSON', Buffer.from('{"jp_city_en": "Osaka"}'), 'cities.json'],
      ['CSV with another header', Buffer.from('name,country\nOsaka,JP\n'), 'cities.csv'],
      ['a binary file named .csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x08, 0]), 'x.csv'],
    ])('refuses %s with 400 and writes nothing', async (_what, content, filename) => {
      const before = await count(City);
      const res = await upload(admin, content, filename);
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
      expect(await count(City)).toBe(before);
    });

    it('refuses a file over 1 MiB with 400', async () => {
      const row = 'Osaka,大阪市,JP-27,San Francisco,US-CA,America/Los_Angeles,1957\n';
      const big = HEADER + '\n' + row.repeat(Math.ceil((1024 * 1024) / row.length) + 10);
      const res = await upload(admin, big);
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors[0]).toMatchObject({
        field: 'file',
        message: expect.stringMatching(/larger/),
      });
    });

    it('refuses a request without a file, or with the file in another field, with 400', async () => {
      expectProblem(
        await request(ctx.http).post(IMPORT).set('Authorization', admin).field('x', 'y'),
        400,
        'validation_failed',
      );
      expectProblem(
        await request(ctx.http).post(IMPORT).set('Authorization', admin).send({}),
        400,
        'validation_failed',
      );
      expectProblem(
        await request(ctx.http)
          .post(IMPORT)
          .set('Authorization', admin)
          .attach('upload', SAMPLE, 'cities.csv'),
        400,
        'validation_failed',
      );
    });

    it('is for admins only: 403 for other roles, 401 without credentials', async () => {
      expectProblem(await upload(officer, SAMPLE), 403, 'forbidden');
      expectProblem(await upload(osakaUser, SAMPLE), 403, 'forbidden');
      expectProblem(
        await request(ctx.http).post(IMPORT).attach('file', SAMPLE, 'cities.csv'),
        401,
        'unauthenticated',
      );
    });
  });

  describe('record-level reach', () => {
    it('a city user of Osaka lists only Osaka–San Francisco', async () => {
      const res = await get(PARTNERSHIPS, osakaUser).expect(200);
      expect(res.body.data).toHaveLength(1);
      expect(res.body.data[0]).toEqual({
        id: byPair.get('Osaka–San Francisco'),
        jpCity: {
          id: osaka.id,
          country: 'JP',
          name: { en: 'Osaka', ja: '大阪市' },
          region: 'JP-27',
          timezone: 'Asia/Tokyo',
        },
        usCity: expect.objectContaining({ name: { en: 'San Francisco' }, region: 'US-CA' }),
        establishedOn: '1957-01-01',
        status: 'active',
      });
      // Filtering on another city cannot widen the reach.
      const other = await get(`${PARTNERSHIPS}?cityId=${sanDiego.id}`, osakaUser).expect(200);
      expect(other.body.data).toEqual([]);
    });

    it('cannot load San Diego–Yokohama or San Diego: 404 exactly like a missing id', async () => {
      const hidden = await get(`${PARTNERSHIPS}/${byPair.get('Yokohama–San Diego')}`, osakaUser);
      const missing = await get(`${PARTNERSHIPS}/${MISSING_ID}`, osakaUser);
      expectProblem(hidden, 404, 'not_found');
      expectProblem(missing, 404, 'not_found');
      const shape = (r: Response) => ({ ...r.body, requestId: undefined });
      expect(shape(hidden)).toEqual(shape(missing));

      expectProblem(await get(`${CITIES}/${sanDiego.id}`, osakaUser), 404, 'not_found');
      await get(`${CITIES}/${osaka.id}`, osakaUser).expect(200);
      await get(`${PARTNERSHIPS}/${byPair.get('Osaka–San Francisco')}`, osakaUser).expect(200);
      const cities = await get(CITIES, osakaUser).expect(200);
      expect(cities.body.data.map((c: { id: string }) => c.id)).toEqual([osaka.id]);
    });

    it('a city user without a city reaches nothing', async () => {
      const { auth } = await bearer(ctx, { role: 'city_user', cityId: null });
      expect((await get(PARTNERSHIPS, auth).expect(200)).body.data).toEqual([]);
    });

    it('staff roles see every partnership; reviewers may not list them (403)', async () => {
      for (const role of ['auditor', 'finance_officer', 'finance_approver'] as const) {
        const { auth } = await bearer(ctx, { role });
        const res = await get(`${PARTNERSHIPS}/${byPair.get('Yokohama–San Diego')}`, auth);
        expect(res.status).toBe(200);
      }
      expectProblem(await get(PARTNERSHIPS, reviewer), 403, 'forbidden');
      expectProblem(await get(CITIES, reviewer), 403, 'forbidden');
      expectProblem(await request(ctx.http).get(PARTNERSHIPS), 401, 'unauthenticated');
    });
  });

  describe('lists', () => {
    it('pages partnerships oldest first with a cursor, and filters by status and city', async () => {
      const first = await get(`${PARTNERSHIPS}?limit=10`, officer).expect(200);
      expect(first.body.data).toHaveLength(10);
      expect(first.body.data[0].establishedOn).toBe('1925-01-01'); // Nara–Toledo, imported above
      const seen = first.body.data.map((p: { id: string }) => p.id);
      let cursor = first.body.nextCursor;
      while (cursor) {
        const page = await get(`${PARTNERSHIPS}?limit=10&cursor=${cursor}`, officer).expect(200);
        seen.push(...page.body.data.map((p: { id: string }) => p.id));
        cursor = page.body.nextCursor;
      }
      expect(new Set(seen).size).toBe(await count(Partnership));

      const sendai = await ctx.db.getRepository(City).findOneByOrFail({ nameEn: 'Sendai' });
      const ofSendai = await get(`${PARTNERSHIPS}?cityId=${sendai.id}`, officer).expect(200);
      expect(ofSendai.body.data.map((p: { usCity: City }) => p.usCity.name)).toEqual([
        { en: 'Riverside' },
        { en: 'Dallas' },
      ]);
      const inactive = await get(`${PARTNERSHIPS}?status=inactive`, officer).expect(200);
      expect(inactive.body.data).toEqual([]);
    });

    it('lists cities by country and region, in name order', async () => {
      const res = await get(`${CITIES}?country=JP&region=JP-14`, officer).expect(200);
      expect(res.body.data.map((c: { name: { en: string } }) => c.name.en)).toEqual([
        'Kawasaki',
        'Yokohama',
      ]);
      expect(res.body.nextCursor).toBeNull();
    });

    it('rejects a bad query with 400', async () => {
      expectProblem(await get(`${CITIES}?country=FR`, officer), 400, 'validation_failed');
      expectProblem(await get(`${PARTNERSHIPS}?limit=500`, officer), 400, 'validation_failed');
      expectProblem(await get(`${PARTNERSHIPS}?cityId=nope`, officer), 400, 'validation_failed');
      expectProblem(await get(`${PARTNERSHIPS}/not-a-uuid`, officer), 400, 'validation_failed');
    });
  });

  describe('POST /cities', () => {
    const body = (overrides: object = {}) => ({
      country: 'JP',
      name: { en: 'Nagano', ja: '長野市' },
      region: 'JP-20',
      timezone: 'Asia/Tokyo',
      ...overrides,
    });

    it('creates a city and audits it', async () => {
      const res = await request(ctx.http).post(CITIES).set('Authorization', admin).send(body());
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        country: 'JP',
        name: { en: 'Nagano', ja: '長野市' },
        region: 'JP-20',
        timezone: 'Asia/Tokyo',
      });
      const event = await ctx.db
        .getRepository(AuditEvent)
        .findOneByOrFail({ action: 'city.created', entityId: res.body.id });
      expect(event).toMatchObject({ entityType: 'city', actorType: 'user' });
      await get(`${CITIES}/${res.body.id}`, officer).expect(200, res.body);
    });

    it('refuses the same city twice with 409', async () => {
      const res = await request(ctx.http).post(CITIES).set('Authorization', admin).send(body());
      expectProblem(res, 409, 'conflict');
    });

    it.each([
      ['an unknown region', { region: 'JP-48' }, 'region'],
      ['a region of the other country', { region: 'US-CA' }, 'region'],
      ['a malformed region', { region: 'Kanto' }, 'region'],
      ['a JP city in a US time zone', { timezone: 'America/Chicago' }, 'timezone'],
      ['a time zone that does not exist', { timezone: 'Mars/Base' }, 'timezone'],
      ['a US city in Tokyo', { country: 'US', region: 'US-CA' }, 'timezone'],
      ['an unknown field', { population: 3 }, 'population'],
      ['no English name', { name: { ja: '長野市' } }, 'name.en'],
      ['a name too long', { name: { en: 'x'.repeat(201) } }, 'name.en'],
      ['an unknown country', { country: 'FR' }, 'country'],
    ])('refuses %s with 400 and writes nothing', async (_what, overrides, field) => {
      const before = await count(City);
      const res = await request(ctx.http)
        .post(CITIES)
        .set('Authorization', admin)
        .send(body({ name: { en: 'Matsumoto' }, ...overrides }));
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await count(City)).toBe(before);
    });

    it('is for admins only', async () => {
      expectProblem(
        await request(ctx.http).post(CITIES).set('Authorization', officer).send(body()),
        403,
        'forbidden',
      );
      expectProblem(await request(ctx.http).post(CITIES).send(body()), 401, 'unauthenticated');
    });

    it('404s a missing city', async () => {
      expectProblem(await get(`${CITIES}/${MISSING_ID}`, officer), 404, 'not_found');
    });
  });

  describe('POST /partnerships', () => {
    let jp: City;
    let us: City;
    beforeAll(async () => {
      jp = await createCity(ctx, { country: 'JP', region: 'JP-09' });
      us = await createCity(ctx, { country: 'US', region: 'US-VT', timezone: 'America/New_York' });
    });
    const body = (overrides: object = {}) => ({
      jpCityId: jp.id,
      usCityId: us.id,
      establishedOn: '1988-04-01',
      status: 'active',
      ...overrides,
    });
    const post = (auth: string, payload: object) =>
      request(ctx.http).post(PARTNERSHIPS).set('Authorization', auth).send(payload);

    it('creates a partnership with both cities in the response, and audits it', async () => {
      const res = await post(admin, body()).expect(201);
      expect(res.body).toMatchObject({
        jpCity: { id: jp.id, country: 'JP' },
        usCity: { id: us.id, country: 'US' },
        establishedOn: '1988-04-01',
        status: 'active',
      });
      expect(
        await ctx.db
          .getRepository(AuditEvent)
          .countBy({ action: 'partnership.created', entityId: res.body.id }),
      ).toBe(1);
      await get(`${PARTNERSHIPS}/${res.body.id}`, officer).expect(200, res.body);
    });

    it('refuses the same pair again with 409', async () => {
      expectProblem(await post(admin, body({ status: 'inactive' })), 409, 'conflict');
    });

    it('refuses two JP cities, a swapped pair or a missing city with 422', async () => {
      const before = await count(Partnership);
      const otherJp = await createCity(ctx, { country: 'JP' });
      expectProblem(await post(admin, body({ usCityId: otherJp.id })), 422, 'rule_violation');
      expectProblem(
        await post(admin, body({ jpCityId: us.id, usCityId: jp.id })),
        422,
        'rule_violation',
      );
      expectProblem(await post(admin, body({ usCityId: MISSING_ID })), 422, 'rule_violation');
      expect(await count(Partnership)).toBe(before);
    });

    it.each([
      ['a non-date', { establishedOn: '1988-02-30' }, 'establishedOn'],
      ['a timestamp', { establishedOn: '1988-04-01T00:00:00Z' }, 'establishedOn'],
      ['an unknown status', { status: 'pending' }, 'status'],
      ['a bad city id', { jpCityId: 'osaka' }, 'jpCityId'],
      ['an unknown field', { note: 'x' }, 'note'],
    ])('refuses %s with 400', async (_what, overrides, field) => {
      const before = await count(Partnership);
      const other = await createCity(ctx, { country: 'US' });
      const res = await post(admin, body({ usCityId: other.id, ...overrides }));
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await count(Partnership)).toBe(before);
    });

    it('is for admins only', async () => {
      expectProblem(await post(osakaUser, body()), 403, 'forbidden');
      expectProblem(
        await request(ctx.http).post(PARTNERSHIPS).send(body()),
        401,
        'unauthenticated',
      );
    });

    it('a city user reaches a partnership created for its city at once', async () => {
      const p = await createPartnership(ctx, osaka);
      await get(`${PARTNERSHIPS}/${p.id}`, osakaUser).expect(200);
      const mine = await get(PARTNERSHIPS, osakaUser).expect(200);
      expect(mine.body.data.map((x: { id: string }) => x.id)).toContain(p.id);
    });
  });
});
