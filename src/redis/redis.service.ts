import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DeadlineRedis } from './deadline-client';
import { AppConfig } from '../config/app-config';

/** The longest a command of the application's own client may take before its caller gives up. */
const COMMAND_TIMEOUT_MS = 1000;
/**
 * How long a starting process waits for its first Redis connection before it serves anyway
 * (degraded: sign-in without throttling). Without the wait a process whose Redis is slow to
 * accept would admit its first sign-ins unthrottled.
 */
const FIRST_CONNECTION_MS = 5000;

/** Connection options BullMQ and our own clients share; BullMQ requires unlimited retries per request. */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: Record<string, never>;
  maxRetriesPerRequest: number | null;
  enableReadyCheck: boolean;
}

export function redisConnectionOptions(url: string): RedisConnection {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
  };
}

/** The application's own Redis client (rate limits, pub/sub publishing); keys carry the configured prefix. */
@Injectable()
export class RedisService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  readonly client: Redis;

  constructor(private readonly config: AppConfig) {
    // Requests fail fast while Redis is away instead of queueing without bound: a command
    // waits at most COMMAND_TIMEOUT_MS, also while the client is reconnecting, and its caller
    // degrades (sign-in without throttling, a console nudge skipped). A reply that arrived while
    // the process was busy is still read, not called timed out.
    this.client = new DeadlineRedis(
      {
        ...redisConnectionOptions(config.redis.url),
        keyPrefix: `${config.redis.keyPrefix}:`,
        maxRetriesPerRequest: 2,
        lazyConnect: false,
      },
      COMMAND_TIMEOUT_MS,
    );
    // Reconnection is automatic; errors are reported through readiness, not thrown here.
    this.client.on('error', () => undefined);
  }

  /** Queued alerts must never be evicted: say so loudly when Redis is set up to evict keys. */
  async onApplicationBootstrap(): Promise<void> {
    if (!(await this.firstConnection(FIRST_CONNECTION_MS))) {
      this.logger.warn({
        msg: 'Redis is not connected yet; starting without it, sign-in unthrottled until it is',
        waitedMs: FIRST_CONNECTION_MS,
      });
      return;
    }
    try {
      const reply = (await this.client.config('GET', 'maxmemory-policy')) as string[];
      const policy = reply[1];
      if (policy && policy !== 'noeviction') {
        this.logger.warn({
          msg: 'Redis maxmemory-policy should be noeviction: under memory pressure queued alerts could be dropped',
          maxmemoryPolicy: policy,
        });
      }
    } catch {
      // Managed Redis services may refuse CONFIG; their policy is then the operator's to check.
    }
  }

  /** Waits up to `ms` for the client to be connected; answers whether it is. */
  private firstConnection(ms: number): Promise<boolean> {
    if (this.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('ready', done);
        resolve(this.connected);
      };
      const timer = setTimeout(done, ms);
      this.client.once('ready', done);
    });
  }

  /**
   * Whether the client is connected now. While it is reconnecting, callers that can do without
   * Redis skip it at once instead of waiting for a command to time out.
   */
  get connected(): boolean {
    return this.client.status === 'ready';
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client.status === 'ready')
      await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
