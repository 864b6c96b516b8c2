import { Module } from '@nestjs/common';
import { StatisticsController } from './statistics.controller';
import { StatisticsRollups } from './rollups.service';
import { StatisticsService } from './statistics.service';

@Module({
  controllers: [StatisticsController],
  providers: [StatisticsService, StatisticsRollups],
  exports: [StatisticsRollups],
})
export class StatisticsModule {}

/** Folding deltas into the rollups, in the worker. */
@Module({ providers: [StatisticsRollups], exports: [StatisticsRollups] })
export class StatisticsWorkerModule {}
