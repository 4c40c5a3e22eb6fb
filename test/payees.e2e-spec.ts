import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FieldEncryption } from '../src/common/crypto/field-encryption';
import type { City } from '../src/partnerships/city.entity';
import { PayeeAccount } from '../src/payees/payee-account.entity';
import { revealAccountNumber } from '../src/payees/payee-accounts.service';
import { createTestApp, TestContext } from './support/app';
import { bearer, createCity } from './support/factories';

const ACH_NUMBER = '98765432106789';
const ZENGIN_NUMBER = '7654321';
const KEY_A = `test1:${Buffer.alloc(32, 1).toString('base64')}`;
const KEY_B = `test2:${Buffer.alloc(32, 2).toString('base64')}`;

const ach = (cityId: string, overrides: Record<string, unknown> = {}) => ({
  cityId,
  rail: 'ach',
  routingNumber: '011000015',
  accountNumber: ACH_NUMBER,
  accountType: 'checking',
  holderName: 'City of Saint Paul',
  ...overrides,
});
const zengin = (cityId: string, overrides: Record<string, unknown> = {}) => ({
  cityId,
  rail: 'zengin',
  bankCode: '0001',
  branchCode: '001',
  accountType: 'ordinary',
  accountNumber: ZENGIN_NUMBER,
  holderNameKana: 'ながさきし',
  ...overrides,
});

describe('payee accounts (SPEC §5.6)', () => {
  let ctx: TestContext;
  let usCity: City;
  let jpCity: City;
  let officer: { user: { id: string }; auth: string };
  let officer2: { user: { id: string }; auth: string };
  let cityUser: string;
  let approver: string;
  let auditor: string;
  let reviewer: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    usCity = await createCity(ctx, { country: 'US' });
    jpCity = await createCity(ctx, { country: 'JP' });
    officer = await bearer(ctx, { role: 'finance_officer' });
    officer2 = await bearer(ctx, { role: 'finance_officer' });
    cityUser = (await bearer(ctx, { role: 'city_user', cityId: usCity.id })).auth;
    approver = (await bearer(ctx, { role: 'finance_approver' })).auth;
    auditor = (await bearer(ctx, { role: 'auditor' })).auth;
    reviewer = (await bearer(ctx, { role: 'reviewer' })).auth;
  });
  afterAll(() => ctx?.close());

  const create = (body: object, auth = officer.auth) =>
    request(ctx.http).post('/api/v1/payee-accounts').set('Authorization', auth).send(body);
  const verify = (id: string, auth: string) =>
    request(ctx.http).post(`/api/v1/payee-accounts/${id}/verify`).set('Authorization', auth);
  const count = async () =>
    Number(
      ((await ctx.db.query('SELECT count(*) AS n FROM payee_accounts')) as { n: string }[])[0].n,
    );

  describe('POST /payee-accounts', () => {
    it('enters an ACH account: masked, encrypted at rest, audited without the number', async () => {
      const res = await create(ach(usCity.id, { holderName: '  José  Núñez ' })).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        cityId: usCity.id,
        rail: 'ach',
        currency: 'USD',
        accountType: 'checking',
        routingNumber: '011000015',
        bankCode: null,
        branchCode: null,
        bankName: null,
        branchName: null,
        holderName: 'JOSE NUNEZ',
        accountNumberMasked: '•••• 6789',
        status: 'unverified',
        enteredBy: officer.user.id,
        verifiedBy: null,
        verifiedAt: null,
        createdAt: expect.any(String),
      });
      const [row] = (await ctx.db.query(
        'SELECT account_number_encrypted, account_number_last4 FROM payee_accounts WHERE id = $1',
        [res.body.id],
      )) as { account_number_encrypted: string; account_number_last4: string }[];
      expect(row.account_number_encrypted).not.toContain(ACH_NUMBER);
      expect(row.account_number_last4).toBe('6789');
      const account = await ctx.db.getRepository(PayeeAccount).findOneByOrFail({ id: res.body.id });
      expect(revealAccountNumber(ctx.api.get(FieldEncryption), account)).toBe(ACH_NUMBER);

      // Bound to its row: the same ciphertext on another id does not decrypt.
      expect(() =>
        revealAccountNumber(ctx.api.get(FieldEncryption), { ...account, id: randomUUID() }),
      ).toThrow();

      const [audit] = (await ctx.db.query(
        `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'payee_account.created'`,
        [res.body.id],
      )) as { data: Record<string, unknown> }[];
      expect(audit.data).toMatchObject({ accountNumberMasked: '•••• 6789', rail: 'ach' });
    });

    it('enters a Zengin account: codes checked, names from zengin-code, kana converted', async () => {
      const res = await create(zengin(jpCity.id)).expect(201);
      expect(res.body).toMatchObject({
        rail: 'zengin',
        currency: 'JPY',
        bankCode: '0001',
        branchCode: '001',
        bankName: 'みずほ',
        branchName: '東京営業部',
        routingNumber: null,
        holderName: 'ﾅｶﾞｻｷｼ',
        accountNumberMasked: '•••• 4321',
      });
    });

    it('refuses a routing number whose ABA check digit is wrong, naming it, and writes nothing', async () => {
      const before = await count();
      const res = await create(ach(usCity.id, { routingNumber: '011000016' })).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual([
        { field: 'routingNumber', message: 'routingNumber fails the ABA check digit' },
      ]);
      expect(await count()).toBe(before);
    });

    it('names a Zengin bank or branch code that does not exist', async () => {
      const bank = await create(zengin(jpCity.id, { bankCode: '0002' })).expect(400);
      expect(bank.body.errors).toEqual([expect.objectContaining({ field: 'bankCode' })]);
      const branch = await create(zengin(jpCity.id, { branchCode: '999' })).expect(400);
      expect(branch.body.errors).toEqual([expect.objectContaining({ field: 'branchCode' })]);
    });

    it('names the character a Zengin holder name cannot carry', async () => {
      const res = await create(zengin(jpCity.id, { holderNameKana: '長崎市' })).expect(400);
      expect(res.body.errors).toEqual([
        { field: 'holderNameKana', message: '"長" cannot be written in Zengin characters' },
      ]);
    });

    it('refuses malformed bodies: lengths, types, the other rail’s fields, unknown fields', async () => {
      const before = await count();
      const cases: [object, string][] = [
        [ach(usCity.id, { accountNumber: '123' }), 'accountNumber'],
        [ach(usCity.id, { accountNumber: '1'.repeat(18) }), 'accountNumber'],
        [ach(usCity.id, { accountType: 'ordinary' }), 'accountType'],
        [ach(usCity.id, { holderName: 'A'.repeat(23) }), 'holderName'],
        [ach(usCity.id, { routingNumber: undefined }), 'routingNumber'],
        [ach(usCity.id, { bankCode: '0001' }), 'bankCode'],
        [zengin(jpCity.id, { accountNumber: '12345678' }), 'accountNumber'],
        [zengin(jpCity.id, { holderNameKana: 'ア'.repeat(31) }), 'holderNameKana'],
        [zengin(jpCity.id, { routingNumber: '011000015' }), 'routingNumber'],
        [{ ...ach(usCity.id), rail: 'swift' }, 'rail'],
        [{ ...ach(usCity.id), extra: 1 }, 'extra'],
        [{ ...ach(usCity.id), accountNumber: 12345678 }, 'accountNumber'],
      ];
      for (const [body, field] of cases) {
        const res = await create(body).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(JSON.stringify(res.body)).not.toContain(ACH_NUMBER);
      }
      expect(await count()).toBe(before);
    });

    it('lets a city user enter accounts for its own city only (another city → 404)', async () => {
      const own = await create(ach(usCity.id), cityUser).expect(201);
      expect(own.body.cityId).toBe(usCity.id);
      const other = await create(zengin(jpCity.id), cityUser).expect(404);
      expect(other.body.code).toBe('not_found');
      await create(ach(randomUUID())).expect(404);
    });

    it('answers 401 without credentials and 403 to roles that may not enter accounts', async () => {
      await request(ctx.http).post('/api/v1/payee-accounts').send(ach(usCity.id)).expect(401);
      await create(ach(usCity.id), approver).expect(403);
      await create(ach(usCity.id), auditor).expect(403);
    });
  });

  describe('reading', () => {
    it('lists by city, rail and status; a city user sees only its own city’s accounts', async () => {
      const jp = (await create(zengin(jpCity.id)).expect(201)).body.id as string;
      const all = await request(ctx.http)
        .get('/api/v1/payee-accounts')
        .query({ cityId: jpCity.id, rail: 'zengin' })
        .set('Authorization', auditor)
        .expect(200);
      expect(all.body.data.map((a: { id: string }) => a.id)).toContain(jp);
      expect(all.body.data.every((a: { cityId: string }) => a.cityId === jpCity.id)).toBe(true);

      const mine = await request(ctx.http)
        .get('/api/v1/payee-accounts')
        .set('Authorization', cityUser)
        .expect(200);
      expect(mine.body.data.length).toBeGreaterThan(0);
      expect(mine.body.data.every((a: { cityId: string }) => a.cityId === usCity.id)).toBe(true);

      await request(ctx.http)
        .get(`/api/v1/payee-accounts/${jp}`)
        .set('Authorization', cityUser)
        .expect(404);
      const one = await request(ctx.http)
        .get(`/api/v1/payee-accounts/${jp}`)
        .set('Authorization', approver)
        .expect(200);
      expect(one.headers.etag).toBe('"1"');
      expect(one.body.accountNumberMasked).toBe('•••• 4321');

      await request(ctx.http)
        .get('/api/v1/payee-accounts')
        .query({ status: 'bogus' })
        .set('Authorization', auditor)
        .expect(400);
      await request(ctx.http)
        .get('/api/v1/payee-accounts')
        .set('Authorization', reviewer)
        .expect(403);
      await request(ctx.http)
        .get(`/api/v1/payee-accounts/${randomUUID()}`)
        .set('Authorization', auditor)
        .expect(404);
      await request(ctx.http)
        .get('/api/v1/payee-accounts/not-a-uuid')
        .set('Authorization', auditor)
        .expect(400);
    });
  });

  describe('POST /payee-accounts/:id/verify', () => {
    it('is done by a second finance officer, once', async () => {
      const id = (await create(ach(usCity.id)).expect(201)).body.id as string;

      const own = await verify(id, officer.auth).expect(422);
      expect(own.body.code).toBe('rule_violation');
      expect(own.body.detail).toMatch(/Segregation of duties/);
      const ownJa = await verify(id, officer.auth).set('Accept-Language', 'ja').expect(422);
      expect(ownJa.body.detail).toBe(
        '職務分掌のため、ご自身が登録した口座は確認できません。他の経理担当に確認を依頼してください',
      );

      const res = await verify(id, officer2.auth).expect(200);
      expect(res.body).toMatchObject({
        status: 'verified',
        verifiedBy: officer2.user.id,
        verifiedAt: expect.any(String),
        accountNumberMasked: '•••• 6789',
      });

      const again = await verify(id, officer2.auth).expect(409);
      expect(again.body.code).toBe('invalid_state');
    });

    it('answers 404, 401 and 403 where they apply', async () => {
      const id = (await create(ach(usCity.id)).expect(201)).body.id as string;
      await verify(randomUUID(), officer2.auth).expect(404);
      await request(ctx.http).post(`/api/v1/payee-accounts/${id}/verify`).expect(401);
      await verify(id, approver).expect(403);
      await verify(id, cityUser).expect(403);
      const status = (await ctx.db.query('SELECT status FROM payee_accounts WHERE id = $1', [
        id,
      ])) as {
        status: string;
      }[];
      expect(status[0].status).toBe('unverified');
    });
  });

  it('never shows an account number: not in responses, audit data, outbox payloads or the row', async () => {
    const created = await create(ach(usCity.id)).expect(201);
    const verified = await verify(created.body.id, officer2.auth).expect(200);
    const list = await request(ctx.http)
      .get('/api/v1/payee-accounts')
      .set('Authorization', auditor)
      .expect(200);
    for (const body of [created.body, verified.body, list.body]) {
      expect(JSON.stringify(body)).not.toContain(ACH_NUMBER);
      expect(JSON.stringify(body)).not.toContain(ZENGIN_NUMBER);
    }
    const dump = (await ctx.db.query(
      `SELECT (SELECT coalesce(json_agg(data), '[]') FROM audit_events)::text AS audit,
              (SELECT coalesce(json_agg(payload), '[]') FROM outbox)::text AS outbox,
              (SELECT coalesce(json_agg(p), '[]') FROM payee_accounts p)::text AS accounts`,
    )) as { audit: string; outbox: string; accounts: string }[];
    for (const text of Object.values(dump[0])) {
      expect(text).not.toContain(ACH_NUMBER);
      expect(text).not.toContain(ZENGIN_NUMBER);
    }
    expect(dump[0].audit).toContain('•••• 6789');
  });

  it('keeps rows written with an old key readable after the key is rotated', async () => {
    const created = await create(ach(usCity.id)).expect(201);
    const written = await ctx.db
      .getRepository(PayeeAccount)
      .findOneByOrFail({ id: created.body.id });
    expect(FieldEncryption.keyIdOf(written.accountNumberEncrypted)).toBe('test1');
    await ctx.close();

    // One API app alive at a time (Passport strategies are process-wide).
    ctx = await createTestApp({
      env: { ENCRYPTION_KEYS: `${KEY_A},${KEY_B}`, ENCRYPTION_KEY_ID: 'test2' },
    });
    const city = await createCity(ctx, { country: 'US' });
    await ctx.db.getRepository(PayeeAccount).insert({ ...written, cityId: city.id });
    const encryption = ctx.api.get(FieldEncryption);
    const old = await ctx.db.getRepository(PayeeAccount).findOneByOrFail({ id: written.id });
    expect(revealAccountNumber(encryption, old)).toBe(ACH_NUMBER);

    const rotatedOfficer = await bearer(ctx, { role: 'finance_officer' });
    const fresh = await request(ctx.http)
      .post('/api/v1/payee-accounts')
      .set('Authorization', rotatedOfficer.auth)
      .send(ach(city.id))
      .expect(201);
    const row = await ctx.db.getRepository(PayeeAccount).findOneByOrFail({ id: fresh.body.id });
    expect(FieldEncryption.keyIdOf(row.accountNumberEncrypted)).toBe('test2');
    expect(revealAccountNumber(encryption, row)).toBe(ACH_NUMBER);
  });
});
