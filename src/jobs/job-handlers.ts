import { BullRegistrar } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';
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

/** Runs the processor's @OnJob method for the job's name. */
export function runJob(processor: object, job: Job, token?: string): Promise<unknown> {
  const handler = handlersOf(processor.constructor).find((h) => h.job === job.name);
  if (!handler) throw new Error(`No handler for job ${job.name}`);
  const run = (
    processor as Record<string | symbol, (job: Job, token?: string) => Promise<unknown>>
  )[handler.method];
  return run.call(processor, job, token);
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
