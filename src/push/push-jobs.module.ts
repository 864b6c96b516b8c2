import { Module } from '@nestjs/common';
import { QueueModule } from '../jobs/queue.module';
import { PushJobs } from './push-jobs';

/** Case updates queued for reporters' devices, for the features that change cases. */
@Module({
  imports: [QueueModule],
  providers: [PushJobs],
  exports: [PushJobs],
})
export class PushJobsModule {}
