import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, httpAdapter } from './app.setup';
import { environmentOfProcess } from './config/config.module';
import { Environment } from './config/environment';
import { installGracefulShutdown } from './shutdown';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    httpAdapter(environmentOfProcess()),
    { bufferLogs: true },
  );
  await configureApp(app);
  const env = app.get(Environment);
  const server = await app.listen(env.PORT, '0.0.0.0');
  installGracefulShutdown(app, env.SHUTDOWN_TIMEOUT_MS, server, env.SHUTDOWN_DRAIN_MS);
  process.stdout.write(
    JSON.stringify({ level: 30, msg: `API listening on http://localhost:${env.PORT}` }) + '\n',
  );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
