import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { redisConnectionOptions } from '../redis/redis.service';
import { postChannel } from './alert-notifier';

type Listener = () => void;

/**
 * One Redis subscription per API process, fanned out to the consoles connected to it, so an
 * alert reaches its post's console whichever process filed or relayed it.
 */
@Injectable()
export class AlertEventsHub implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listeners = new Map<string, Set<Listener>>();
  private subscriber: Redis | null = null;

  constructor(private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const pattern = postChannel(this.config.redis.keyPrefix, '*');
    const prefix = pattern.slice(0, -1);
    this.subscriber = new Redis({
      ...redisConnectionOptions(this.config.redis.url),
      lazyConnect: false,
    });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on(
      'ready',
      () => void this.subscriber?.psubscribe(pattern).catch(() => undefined),
    );
    this.subscriber.on('pmessage', (_pattern: string, channel: string) => {
      for (const listener of this.listeners.get(channel.slice(prefix.length)) ?? []) listener();
    });
  }

  subscribe(postId: string, listener: Listener): () => void {
    const set = this.listeners.get(postId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(postId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(postId);
    };
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }
}
