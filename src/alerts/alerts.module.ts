import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { QueueModule } from '../jobs/queue.module';
import { AlertDeliveryProcessor } from './alert-delivery.processor';
import { AlertEscalationProcessor } from './alert-escalation.processor';
import { AlertEscalator } from './alert-escalator.service';
import { AlertEventsHub } from './alert-events.hub';
import { AlertMetrics } from './alert-metrics';
import { AlertNotifier } from './alert-notifier';
import { AlertRelay } from './alert-relay.service';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { WebhookClient } from './webhook-client';

/** The live console and acknowledgement, in the API. */
@Module({
  imports: [AuditModule, IncidentsModule],
  controllers: [AlertsController],
  providers: [AlertsService, AlertsRepository, AlertEventsHub, AlertNotifier],
})
export class AlertsModule {}

/** Outbox relay, webhook delivery and escalation, in the worker. */
@Module({
  imports: [QueueModule, BullModule],
  providers: [
    AlertRelay,
    AlertDeliveryProcessor,
    AlertEscalationProcessor,
    AlertEscalator,
    AlertsRepository,
    AlertNotifier,
    AlertMetrics,
    WebhookClient,
  ],
  exports: [AlertRelay],
})
export class AlertsWorkerModule {}
