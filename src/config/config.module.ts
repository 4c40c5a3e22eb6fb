import { Global, Module } from '@nestjs/common';
import { config as loadDotenv } from 'dotenv';
import { Environment, loadEnvironment } from './environment';

/** The process's configuration: `.env` when present, then the environment, validated. */
export function environmentOfProcess(): Environment {
  loadDotenv({ quiet: true });
  return loadEnvironment(process.env);
}

@Global()
@Module({
  providers: [{ provide: Environment, useFactory: environmentOfProcess }],
  exports: [Environment],
})
export class ConfigModule {}
