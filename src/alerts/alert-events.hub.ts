import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { subscribePattern } from '../redis/pattern-subscriber';
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
    this.subscriber = subscribePattern(
      this.config.redis.url,
      postChannel(this.config.redis.keyPrefix, '*'),
      (postId) => {
        for (const listener of this.listeners.get(postId) ?? []) listener();
      },
    );
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
