import { Module } from '@nestjs/common';
import { AlertNotifier } from '../alerts/alert-notifier';
import { AuditModule } from '../audit/audit.module';
import { ClassificationModule } from '../classification/classification.module';
import { FootageRequestNotifier } from '../footage-requests/request-notifier';
import { PushJobsModule } from '../push/push-jobs.module';
import { AddendaService } from './addenda.service';
import { IdempotencyService } from './idempotency.service';
import { IncidentProgressController } from './incident-progress.controller';
import { IncidentProgressService } from './incident-progress.service';
import { IncidentWorkflowService } from './incident-workflow.service';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';
import { PersonalDataErasure } from './personal-data-erasure.service';
import { VictimSupportController } from './victim-support.controller';
import { VictimSupportService } from './victim-support.service';

const incidentProviders = [
  IncidentsService,
  IncidentWorkflowService,
  IncidentsRepository,
  IdempotencyService,
  AlertNotifier,
  FootageRequestNotifier,
  AddendaService,
  VictimSupportService,
  IncidentProgressService,
];

@Module({
  imports: [AuditModule, ClassificationModule, PushJobsModule],
  controllers: [IncidentsController, VictimSupportController, IncidentProgressController],
  providers: incidentProviders,
  exports: incidentProviders,
})
export class IncidentsModule {}

/** Erasure of personal data past its retention period, in the worker. */
@Module({
  imports: [AuditModule],
  providers: [PersonalDataErasure],
  exports: [PersonalDataErasure],
})
export class IncidentsWorkerModule {}
