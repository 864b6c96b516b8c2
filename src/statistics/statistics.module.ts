import { Module } from '@nestjs/common';
import { ReplicaReads } from './replica-reads';
import { StatisticsController } from './statistics.controller';
import { StatisticsFilesController } from './statistics-files.controller';
import { MapService } from './map.service';
import { StatisticsRollups } from './rollups.service';
import { CoverageService } from './coverage.service';
import { OpenDataController } from './open-data.controller';
import { OpenDataService } from './open-data.service';
import { ResponseTimesService } from './response-times.service';
import { StatisticsDimensions } from './dimensions.service';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';
import { TrendService } from './trend.service';

@Module({
  controllers: [StatisticsController, StatisticsFilesController, OpenDataController],
  providers: [
    StatisticsService,
    StatisticsRepository,
    StatisticsDimensions,
    TrendService,
    ResponseTimesService,
    CoverageService,
    MapService,
    OpenDataService,
    StatisticsRollups,
    ReplicaReads,
  ],
  exports: [StatisticsRollups],
})
export class StatisticsModule {}

/** Folding deltas into the rollups, in the worker. */
@Module({ providers: [StatisticsRollups], exports: [StatisticsRollups] })
export class StatisticsWorkerModule {}
