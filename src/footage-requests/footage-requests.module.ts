import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IncidentsModule } from '../incidents/incidents.module';
import {
  FootageRequestsController,
  IncidentFootageRequestsController,
} from './footage-requests.controller';
import { FootageRequestsRepository } from './footage-requests.repository';
import { GatewayRequestsService } from './gateway-requests.service';
import { IncidentRequestsService } from './incident-requests.service';
import { FootageRequestNotifier } from './request-notifier';
import { FootageRequestWaiters } from './request-waiters';

/** Footage asked of devices for incidents: gateways fetch and decline, people see and ask. */
@Module({
  imports: [AuditModule, IncidentsModule],
  controllers: [FootageRequestsController, IncidentFootageRequestsController],
  providers: [
    FootageRequestsRepository,
    GatewayRequestsService,
    IncidentRequestsService,
    FootageRequestNotifier,
    FootageRequestWaiters,
  ],
})
export class FootageRequestsModule {}
