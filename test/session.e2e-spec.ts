import request, { Response } from 'supertest';
import { createTestApp, TestContext } from './support/app';
import { createUser, TEST_PASSWORD } from './support/factories';

const SESSION = '/api/v1/auth/session';

/** The Set-Cookie header of `res` for `name`, split into its attributes. */
function cookieOf(res: Response, name: string) {
  const header = ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith(`${name}=`));
  if (!header) return undefined;
  const [pair, ...attributes] = header.split(/;\s*/);
  return {
    value: pair.slice(name.length + 1),
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}

/** The portal's browser session (issue 15): refresh token in an httpOnly cookie, CSRF double submit. */
describe('browser session (cookie refresh, CSRF)', () => {
  let ctx: TestContext;
  let email: string;
  let ip = 0;
  beforeAll(async () => {
    ctx = await createTestApp();
    email = (await createUser(ctx, { role: 'city_user' })).email;
  });
  afterAll(() => ctx.close());

  const login = () =>
    request(ctx.http)
      .post(SESSION)
      .set('X-Forwarded-For', `198.51.100.${++ip}`)
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
  const refresh = (cookies: string[], csrf?: string) => {
    const req = request(ctx.http).post(`${SESSION}/refresh`).set('Cookie', cookies);
    return csrf === undefined ? req : req.set('X-CSRF-Token', csrf);
  };
  const jar = (res: Response) => [
    `sdg_refresh=${cookieOf(res, 'sdg_refresh')!.value}`,
    `sdg_csrf=${cookieOf(res, 'sdg_csrf')!.value}`,
  ];

  it('logs in: the access token in the body, the refresh token only in an httpOnly cookie', async () => {
    const res = await login();
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 900,
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
    });
    expect(JSON.stringify(res.body)).not.toContain(cookieOf(res, 'sdg_refresh')!.value);
    expect(cookieOf(res, 'sdg_refresh')!.attributes).toEqual(
      expect.arrayContaining([
        'httponly',
        'secure',
        'samesite=strict',
        `path=${SESSION}`,
        `max-age=${30 * 86_400}`,
      ]),
    );
    const csrf = cookieOf(res, 'sdg_csrf')!;
    expect(csrf.value).toBe(res.body.csrfToken);
    expect(csrf.attributes).toEqual(
      expect.arrayContaining(['secure', 'samesite=strict', 'path=/']),
    );
    expect(csrf.attributes).not.toContain('httponly');
    await request(ctx.http)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
  });

  it('refreshes with the cookie and the CSRF header, rotating the cookie', async () => {
    const first = await login();
    const cookies = jar(first);
    const res = await refresh(cookies, first.body.csrfToken).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 900,
      csrfToken: first.body.csrfToken,
    });
    expect(cookieOf(res, 'sdg_refresh')!.value).not.toBe(cookieOf(first, 'sdg_refresh')!.value);
    // The rotated-away cookie, presented again, is a reuse: the whole session ends.
    const reused = await refresh(cookies, first.body.csrfToken).expect(401);
    expect(reused.body.code).toBe('unauthenticated');
    expect(cookieOf(reused, 'sdg_refresh')!.value).toBe('');
    await refresh(jar(res), first.body.csrfToken).expect(401);
  });

  it('refuses a refresh without the CSRF header (403), with another (403), without a session (401)', async () => {
    const first = await login();
    const cookies = jar(first);
    expect((await refresh(cookies).expect(403)).body.code).toBe('forbidden');
    expect((await refresh(cookies, 'x'.repeat(32)).expect(403)).body.code).toBe('forbidden');
    expect((await refresh([], first.body.csrfToken).expect(401)).body.code).toBe('unauthenticated');
    // Refused attempts changed nothing: the session still refreshes.
    await refresh(cookies, first.body.csrfToken).expect(200);
  });

  it('logs out: the session is revoked and its cookies cleared; CSRF required', async () => {
    const first = await login();
    const cookies = jar(first);
    await request(ctx.http).post(`${SESSION}/logout`).set('Cookie', cookies).expect(403);
    const out = await request(ctx.http)
      .post(`${SESSION}/logout`)
      .set('Cookie', cookies)
      .set('X-CSRF-Token', first.body.csrfToken)
      .expect(204);
    expect(cookieOf(out, 'sdg_refresh')!.value).toBe('');
    expect(cookieOf(out, 'sdg_csrf')!.value).toBe('');
    await refresh(cookies, first.body.csrfToken).expect(401);
  });

  it('answers a wrong password like /auth/login does, setting no cookie', async () => {
    const res = await request(ctx.http)
      .post(SESSION)
      .set('X-Forwarded-For', '198.51.100.250')
      .send({ email, password: 'not the password at all' })
      .expect(401);
    expect(res.body.code).toBe('unauthenticated');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
