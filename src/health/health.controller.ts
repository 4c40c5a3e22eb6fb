import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { FastifyReply } from 'fastify';
import Redis from 'ioredis';
import { Public } from '../auth/access.decorators';
import { REDIS } from '../common/redis/redis.module';
import { isShuttingDown } from '../shutdown';

const PROBE_TIMEOUT_MS = 1_000;

const componentStatus: SchemaObject = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
    required: ['status'],
  },
};

/** Terminus's report, the body of both the 200 and the 503. */
const healthReport: SchemaObject = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: componentStatus,
    error: componentStatus,
    details: componentStatus,
  },
  required: ['status'],
};

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['ok'] } },
      required: ['status'],
    },
  })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer (503 otherwise)' })
  @ApiOkResponse({ description: 'Both answer', schema: healthReport })
  @ApiResponse({ status: 503, description: 'One of them does not', schema: healthReport })
  async ready(@Res({ passthrough: true }) res: FastifyReply) {
    // Out of the balancer's rotation while the process still serves (SHUTDOWN_DRAIN_MS).
    if (isShuttingDown()) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'shutting_down' };
    }
    try {
      return await this.health.check([
        () => this.db.pingCheck('database', { timeout: PROBE_TIMEOUT_MS }),
        () => this.redisCheck(),
      ]);
    } catch (error) {
      // Terminus throws a 503 carrying the full report; the report is the useful body.
      const report = (error as { response?: HealthCheckResult }).response;
      if (!report) throw error;
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return report;
    }
  }

  private async redisCheck() {
    const indicator = this.indicators.check('redis');
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS).unref(),
      );
      await Promise.race([this.redis.ping(), timeout]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
