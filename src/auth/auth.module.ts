import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { Environment } from '../config/environment';
import { AccessGuard } from './access.guard';
import { ApiKeyStrategy } from './api-key.strategy';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SessionController } from './session.controller';
import { accessTokenKey, JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { PrincipalCache } from './principal-cache';
import { PrincipalLoader } from './principal.loader';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        secret: accessTokenKey(env.JWT_SECRET),
        signOptions: { algorithm: 'HS256', expiresIn: env.JWT_ACCESS_TTL_SECONDS },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, SessionController],
  providers: [
    PrincipalCache,
    PrincipalLoader,
    JwtStrategy,
    ApiKeyStrategy,
    LoginThrottle,
    AuthService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [JwtModule, PrincipalLoader, PrincipalCache],
})
export class AuthModule {}
