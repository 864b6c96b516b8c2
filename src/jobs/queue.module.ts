import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { redisConnectionOptions } from '../redis/redis.service';
import { queueErrorsProvider } from './queue-errors';
import { QueueMetrics } from './queue-metrics';
import { QueueName } from './queues';

/** BullMQ on the shared Redis, under the configured key prefix; every queue registered here. */
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: redisConnectionOptions(config.redis.url),
        prefix: `${config.redis.keyPrefix}:bull`,
      }),
      // Consumers start in the worker once its job-handler check has passed (job-handlers.ts).
      extraOptions: { manualRegistration: true },
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [QueueMetrics, queueErrorsProvider],
  exports: [BullModule],
})
export class QueueModule {}
