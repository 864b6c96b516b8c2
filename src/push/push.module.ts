import { Module } from '@nestjs/common';
import { AlertsWorkerModule } from '../alerts/alerts.module';
import { QueueModule } from '../jobs/queue.module';
import { PushDeliveriesRepository } from './push-deliveries.repository';
import { PushProcessor } from './push.processor';
import { PushSender } from './push-sender';
import { PushSweeper } from './push-sweeper.service';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import { PushTargets } from './push-targets';
import { PushController } from './push.controller';
import { PushService } from './push.service';

/** Devices subscribing to Web Push, in the API. */
@Module({
  controllers: [PushController],
  providers: [PushService, PushSubscriptionsRepository],
})
export class PushModule {}

/** Sending pushes, in the worker. */
@Module({
  imports: [QueueModule, AlertsWorkerModule],
  providers: [
    PushProcessor,
    PushSweeper,
    PushSender,
    PushTargets,
    PushDeliveriesRepository,
    PushSubscriptionsRepository,
  ],
})
export class PushWorkerModule {}
