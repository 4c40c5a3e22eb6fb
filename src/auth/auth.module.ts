import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { Environment } from '../config/environment';
import { AccessGuard } from './access.guard';
import { JwtStrategy } from './jwt.strategy';
import { PrincipalLoader } from './principal.loader';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        secret: env.JWT_SECRET,
        signOptions: { algorithm: 'HS256', expiresIn: env.JWT_ACCESS_TTL_SECONDS },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [PrincipalLoader, JwtStrategy, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [JwtModule, PrincipalLoader],
})
export class AuthModule {}
