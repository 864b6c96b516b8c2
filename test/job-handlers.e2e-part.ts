import { getQueueToken, Processor, WorkerHost } from '@nestjs/bullmq';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { coreModules } from '../src/app.module';
import { AuditWorkerModule } from '../src/audit/audit.module';
import { SessionsModule } from '../src/auth/auth.module';
import { JsonLogger } from '../src/common/json-logger';
import { AppConfig } from '../src/config/app-config';
import { FootageWorkerModule } from '../src/footage/footage.module';
import { IdempotencyService } from '../src/incidents/idempotency.service';
import { IncidentsWorkerModule } from '../src/incidents/incidents.module';
import { JobHandlerCheck, OnJob, runJob } from '../src/jobs/job-handlers';
import { MaintenanceProcessor } from '../src/jobs/maintenance.processor';
import { QueueModule } from '../src/jobs/queue.module';
import { AlertJob, QueueName } from '../src/jobs/queues';
import { StatisticsWorkerModule } from '../src/statistics/statistics.module';
import { WorkerModule } from '../src/worker.module';
import { createTestDatabase, testConfig } from './support/test-app';

/** A second consumer of alert deliveries, as a careless change might add one. */
@Processor(QueueName.AlertDelivery)
class SecondDeliveryProcessor extends WorkerHost {
  @OnJob(AlertJob.Deliver)
  deliverTwice(): Promise<string> {
    return Promise.resolve('delivered by the wrong handler');
  }

  process(job: Job): Promise<unknown> {
    return runJob(this, job);
  }
}

@Module({ providers: [SecondDeliveryProcessor] })
class SecondDeliveryModule {}

/** The worker as shipped, but with its alert consumers left out. */
@Module({})
class WorkerWithoutAlerts {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerWithoutAlerts,
      imports: [
        ...coreModules(config),
        DiscoveryModule,
        QueueModule,
        SessionsModule,
        FootageWorkerModule,
        StatisticsWorkerModule,
        IncidentsWorkerModule,
        AuditWorkerModule,
      ],
      providers: [MaintenanceProcessor, IdempotencyService, JobHandlerCheck],
    };
  }
}

describe('start-up check of the job handlers', () => {
  let config: AppConfig;
  const started: INestApplicationContext[] = [];
  beforeAll(async () => {
    config = testConfig({ DATABASE_URL: await createTestDatabase() });
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((app) => app.close()));
  });

  // Created without starting (a worker context would start at once), so that a refused start
  // still leaves the test a handle to close.
  const boot = async (module: DynamicModule) => {
    const app = await NestFactory.create(module, {
      logger: new JsonLogger('error', 'worker-test'),
      abortOnError: false,
    });
    started.push(app);
    return app;
  };

  it('refuses to start a worker in which a job has two handlers, and takes no job', async () => {
    const app = await boot({
      module: SecondDeliveryModule,
      imports: [WorkerModule.forRoot(config)],
    });
    const queue = app.get<Queue>(getQueueToken(QueueName.AlertDelivery));
    const waiting = await queue.add(AlertJob.Deliver, { alertId: randomUUID() });

    await expect(app.init()).rejects.toThrow(
      'Cannot start the worker: job DeliverAlert of queue alert-delivery has 2 handlers ' +
        '(AlertDeliveryProcessor.deliver, SecondDeliveryProcessor.deliverTwice)',
    );
    await new Promise((done) => setTimeout(done, 500));
    expect(await (await queue.getJob(waiting.id!))?.getState()).toBe('waiting');
  });

  it('refuses to start a worker in which a job has no handler, naming each', async () => {
    const app = await boot(WorkerWithoutAlerts.forRoot(config));
    await expect(app.init()).rejects.toThrow(
      'Cannot start the worker: job DeliverAlert of queue alert-delivery has no handler; ' +
        'job EscalateAlert of queue alert-escalation has no handler',
    );
  });

  it('starts the worker as shipped, every job with exactly one handler', async () => {
    const app = await boot(WorkerModule.forRoot(config));
    await expect(app.init()).resolves.toBe(app);
    const queue = app.get<Queue>(getQueueToken(QueueName.AlertDelivery));
    const job = await queue.add(AlertJob.Deliver, { alertId: randomUUID() });
    let state = await job.getState();
    for (let i = 0; i < 100 && state !== 'completed' && state !== 'failed'; i++) {
      await new Promise((done) => setTimeout(done, 100));
      state = await job.getState();
    }
    expect(state).toBe('completed');
    expect((await queue.getJob(job.id!))?.returnvalue).toBe('gone');
  });
});
