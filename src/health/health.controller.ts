import { Controller, Get, Logger } from '@nestjs/common';
import { ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorators';
import { ErrorBody } from '../common/api-responses';
import { RedisService } from '../redis/redis.service';
import { ObjectStorage } from '../storage/object-storage.service';

const CHECK_TIMEOUT_MS = 3000;

const DEPENDENCIES = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
  },
  example: { postgres: { status: 'up' }, redis: { status: 'down' } },
};

/** Terminus's own 503 answer becomes the contract's error body, keeping the per-dependency report. */
const NotReady = () =>
  ApiResponse({
    status: 503,
    description: 'Not ready, or shutting down; which dependency is down, and nothing else',
    schema: {
      allOf: [
        { $ref: getSchemaPath(ErrorBody) },
        {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['error', 'shutting_down'] },
            info: DEPENDENCIES,
            failed: DEPENDENCIES,
          },
        },
      ],
    },
  });

/**
 * Liveness and readiness for load balancers and orchestrators. Anyone may ask, so the answer is
 * `up` or `down` per dependency and nothing else: error texts would name hosts, ports, databases
 * and buckets. The reason goes to the log, for operators.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly redis: RedisService,
    private readonly storage: ObjectStorage,
  ) {}

  /** Liveness: the process answers. Dependencies are for readiness, so a database blip does not restart pods. */
  @Get()
  @Public()
  @NotReady()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @Public()
  @NotReady()
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.probe('postgres', async () => void (await this.db.query('SELECT 1'))),
      () => this.probe('redis', () => this.redis.ping()),
      () => this.probe('s3', () => this.storage.checkBucket()),
    ]);
  }

  private async probe(key: string, check: () => Promise<void>) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(check(), CHECK_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      this.logger.warn({
        msg: 'readiness check failed',
        dependency: key,
        error: (error as Error).message || (error as Error).name,
      });
      return indicator.down();
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
