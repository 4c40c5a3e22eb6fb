import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { Environment } from './config/environment';
import { installGracefulShutdown } from './shutdown';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app);
  const env = app.get(Environment);
  const server = await app.listen(env.PORT, '0.0.0.0');
  // Keep-alive longer than a load balancer's idle timeout, so it closes first.
  server.keepAliveTimeout = 65_000;
  installGracefulShutdown(app, env.SHUTDOWN_TIMEOUT_MS, server);
  process.stdout.write(
    JSON.stringify({ level: 30, msg: `API listening on http://localhost:${env.PORT}` }) + '\n',
  );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
