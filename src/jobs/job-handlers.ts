import { BullRegistrar } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { DelayedError, Job } from 'bullmq';
import { isDatabaseUnavailable } from '../common/engine-errors';
import { FoundHandler, jobHandlerProblems } from './job-handler-rules';
import { JobName, QUEUE_JOBS } from './queues';

const HANDLERS = Symbol('job handlers');
/** Where @nestjs/bullmq's @Processor keeps its queue name (`bullmq:processor_metadata`). */
const PROCESSOR_METADATA = 'bullmq:processor_metadata';

interface Declared {
  job: JobName;
  method: string | symbol;
}

type Handlers = Declared[];

/** Marks the processor method that handles one job name; each has exactly one in the worker. */
export function OnJob(job: JobName): MethodDecorator {
  return (target, method) => {
    const owner = target.constructor;
    const handlers = (Reflect.getOwnMetadata(HANDLERS, owner) as Handlers | undefined) ?? [];
    Reflect.defineMetadata(HANDLERS, [...handlers, { job, method }], owner);
  };
}

const handlersOf = (type: object): Handlers =>
  (Reflect.getMetadata(HANDLERS, type) as Handlers | undefined) ?? [];

/** How long a job that found PostgreSQL unreachable waits before it runs again. */
export const DATABASE_WAIT_MS = 1000;

/**
 * Runs the processor's @OnJob method for the job's name. A job that fails because PostgreSQL is
 * unreachable did not fail: it waits a second and runs again, spending none of its attempts, so
 * an outage neither uses up a receiver's retries nor leaves the job on a long backoff once the
 * database is back.
 */
export async function runJob(processor: object, job: Job, token?: string): Promise<unknown> {
  const handler = handlersOf(processor.constructor).find((h) => h.job === job.name);
  if (!handler) throw new Error(`No handler for job ${job.name}`);
  const run = (
    processor as Record<string | symbol, (job: Job, token?: string) => Promise<unknown>>
  )[handler.method];
  try {
    return await run.call(processor, job, token);
  } catch (error) {
    if (!token || !isDatabaseUnavailable(error)) throw error;
    // The queue keeps real time, not the application's clock.
    await job.moveToDelayed(Date.now() + DATABASE_WAIT_MS, token);
    throw new DelayedError();
  }
}

/**
 * Refuses to start a worker in which a declared job name has no handler or several, or a handler
 * serves a name its queue does not declare, like the route check refuses a route without an
 * access rule. The queue consumers start only once the check has passed (the queue module leaves
 * their registration to this check), so a wrong worker never takes a job.
 */
@Injectable()
export class JobHandlerCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registrar: BullRegistrar,
  ) {}

  onModuleInit(): void {
    const found: FoundHandler[] = this.discovery.getProviders().flatMap((wrapper) => {
      const type = wrapper.metatype as object | null | undefined;
      if (!type || typeof type !== 'function' || !wrapper.instance) return [];
      const processor = Reflect.getMetadata(PROCESSOR_METADATA, type) as
        { name?: string } | undefined;
      return handlersOf(type).map((h) => ({
        owner: `${wrapper.name}.${String(h.method)}`,
        queue: processor?.name,
        job: h.job,
      }));
    });
    const problems = jobHandlerProblems(QUEUE_JOBS, found);
    if (problems.length > 0) throw new Error(`Cannot start the worker: ${problems.join('; ')}`);
    this.registrar.register();
  }
}
