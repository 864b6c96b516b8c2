import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { QueueName } from './queues';

/** While Redis is away every reconnection attempt fails; one line per queue this often is enough. */
const REPEAT_MS = 30_000;

/**
 * Gives every queue and every queue consumer a listener for its connection errors. Without one
 * BullMQ prints each failed reconnection raw to stderr, around the JSON log, for as long as Redis
 * is away. Work is not lost meanwhile: the outbox and the sweeps in PostgreSQL put it back.
 */
@Injectable()
export class QueueErrors implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly discovery: DiscoveryService,
  ) {}

  /** After bootstrap, when the consumers' workers exist. */
  onApplicationBootstrap(): void {
    for (const name of Object.values(QueueName))
      this.watch(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }), name);
    for (const { instance } of this.discovery.getProviders())
      if (instance instanceof WorkerHost) this.watch(instance.worker, instance.worker.name);
  }

  private watch(emitter: Pick<Queue, 'on' | 'name'>, queue: string): void {
    let lastLoggedAt = 0;
    emitter.on('error', (error: Error) => {
      const now = Date.now();
      if (now - lastLoggedAt < REPEAT_MS) return;
      lastLoggedAt = now;
      this.logger.warn({ msg: 'queue unavailable', queue, error: error.message });
    });
  }
}
