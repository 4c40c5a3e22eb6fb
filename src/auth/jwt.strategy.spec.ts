import { JwtService } from '@nestjs/jwt';
import { accessTokenKey, JwtStrategy } from './jwt.strategy';
import type { Principal } from './principal';
import type { PrincipalLoader } from './principal.loader';

describe('JwtStrategy', () => {
  const key = accessTokenKey('a-test-secret-of-at-least-thirty-two-characters');
  const jwt = new JwtService({
    secret: key,
    signOptions: { algorithm: 'HS256', expiresIn: 60 },
    verifyOptions: { algorithms: ['HS256'] },
  });
  const principal: Principal = {
    kind: 'user',
    userId: '6f1c2d8e-0000-4000-8000-000000000001',
    role: 'auditor',
    cityId: null,
    locale: 'en',
  };
  const loader = { forUser: jest.fn(async () => principal) } as unknown as PrincipalLoader;
  afterEach(() => jest.useRealTimers());

  it('verifies a token once, remembers it until it expires, and still loads the user each time', async () => {
    const strategy = new JwtStrategy(jwt, loader);
    const verify = jest.spyOn(jwt, 'verify');
    const token = jwt.sign({ sub: principal.userId, typ: 'access' });
    expect(await strategy.validate(token)).toBe(principal);
    expect(await strategy.validate(token)).toBe(principal);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(loader.forUser).toHaveBeenCalledTimes(2);

    jest.useFakeTimers({ now: Date.now() + 61_000 });
    expect(await strategy.validate(token)).toBe(false);
  });

  it('refuses a token signed with another key, a refresh token and garbage, remembering none', async () => {
    const strategy = new JwtStrategy(jwt, loader);
    const other = new JwtService({ secret: accessTokenKey('x'.repeat(40)) });
    for (const token of [
      other.sign({ sub: principal.userId, typ: 'access' }),
      jwt.sign({ sub: principal.userId, typ: 'refresh' }),
      'a.b.c',
    ]) {
      expect(await strategy.validate(token)).toBe(false);
    }
  });
});
