import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { QueueModule } from '../jobs/queue.module';
import { PushJobsModule } from '../push/push-jobs.module';
import { AlertDeliveryProcessor } from './alert-delivery.processor';
import { AlertDeliveryRepository } from './alert-delivery.repository';
import { AlertEscalationProcessor } from './alert-escalation.processor';
import { AlertEscalator } from './alert-escalator.service';
import { AlertEventsHub } from './alert-events.hub';
import { AlertJobs } from './alert-jobs';
import { AlertMetrics } from './alert-metrics';
import { AlertNotifier } from './alert-notifier';
import { AlertRelay } from './alert-relay.service';
import { AlertSweeper } from './alert-sweeper.service';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { PostDeliveriesController } from './post-deliveries.controller';
import { PostDeliveriesService } from './post-deliveries.service';
import { WebhookClient } from './webhook-client';
import { WebhookTargets } from './webhook-targets';
import { WebhookTestLimit } from './webhook-test-limit';

/** The live console and acknowledgement, the delivery log and the webhook test event, in the API. */
@Module({
  imports: [AuditModule, IncidentsModule, PushJobsModule],
  controllers: [AlertsController, PostDeliveriesController],
  providers: [
    AlertsService,
    AlertsRepository,
    AlertEventsHub,
    PostDeliveriesService,
    WebhookTestLimit,
    WebhookClient,
    WebhookTargets,
  ],
})
export class AlertsModule {}

/** Outbox relay, webhook delivery, escalation and the sweep of due work, in the worker. */
@Module({
  imports: [AuditModule, QueueModule, BullModule],
  providers: [
    AlertRelay,
    AlertSweeper,
    AlertJobs,
    AlertDeliveryProcessor,
    AlertEscalationProcessor,
    AlertEscalator,
    AlertDeliveryRepository,
    AlertNotifier,
    AlertMetrics,
    WebhookClient,
    WebhookTargets,
  ],
  exports: [AlertRelay, AlertSweeper, AlertMetrics, AlertJobs],
})
export class AlertsWorkerModule {}
