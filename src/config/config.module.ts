import { Global, Module } from '@nestjs/common';
import { config as loadDotenv } from 'dotenv';
import { Environment, loadEnvironment } from './environment';

@Global()
@Module({
  providers: [
    {
      provide: Environment,
      useFactory: () => {
        loadDotenv({ quiet: true });
        return loadEnvironment(process.env);
      },
    },
  ],
  exports: [Environment],
})
export class ConfigModule {}
