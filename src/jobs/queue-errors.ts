import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';
import { QueueName } from './queues';

/** While Redis is away every reconnection attempt fails; one line per queue this often is enough. */
const REPEAT_MS = 30_000;

/**
 * Gives every queue and every queue consumer a listener for its connection errors. Without one
 * BullMQ prints each failed reconnection raw to stderr, around the JSON log, for as long as Redis
 * is away. Work is not lost meanwhile: the outbox and the sweeps in PostgreSQL put it back.
 */
export class QueueErrors implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');

  constructor(
    queues: Queue[],
    private readonly discovery: DiscoveryService,
  ) {
    for (const queue of queues) this.watch(queue);
  }

  /** The consumers' workers exist once every module has been initialised. */
  onApplicationBootstrap(): void {
    for (const { instance } of this.discovery.getProviders())
      if (instance instanceof WorkerHost) this.watch(instance.worker);
  }

  private watch(emitter: Pick<Queue, 'on' | 'name'>): void {
    let lastLoggedAt = 0;
    emitter.on('error', (error: Error) => {
      const now = Date.now();
      if (now - lastLoggedAt < REPEAT_MS) return;
      lastLoggedAt = now;
      this.logger.warn({ msg: 'queue unavailable', queue: emitter.name, error: error.message });
    });
  }
}

/** Built as soon as the queues exist: they start connecting at once, before start-up goes on. */
export const queueErrorsProvider: Provider = {
  provide: QueueErrors,
  inject: [DiscoveryService, ...Object.values(QueueName).map((name) => getQueueToken(name))],
  useFactory: (discovery: DiscoveryService, ...queues: Queue[]) =>
    new QueueErrors(queues, discovery),
};
