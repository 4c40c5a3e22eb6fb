import { Global, Module } from '@nestjs/common';
import { Environment } from '../../config/environment';
import { FieldEncryption } from './field-encryption';

@Global()
@Module({
  providers: [
    {
      provide: FieldEncryption,
      inject: [Environment],
      useFactory: (env: Environment) =>
        new FieldEncryption(env.ENCRYPTION_KEYS, env.ENCRYPTION_KEY_ID),
    },
  ],
  exports: [FieldEncryption],
})
export class CryptoModule {}
