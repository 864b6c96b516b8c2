import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EmergenciesController, RuleSetsController } from './classification.controller';
import { EmergenciesService } from './emergencies.service';
import { RuleSetsService } from './rule-sets.service';

@Module({
  imports: [AuditModule],
  controllers: [RuleSetsController, EmergenciesController],
  providers: [RuleSetsService, EmergenciesService],
  exports: [RuleSetsService, EmergenciesService],
})
export class ClassificationModule {}
