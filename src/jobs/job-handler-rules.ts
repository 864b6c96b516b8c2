/** One method that handles a job name, as found in the started worker. */
export interface FoundHandler {
  /** `Class.method`, for the message. */
  owner: string;
  /** The queue of the processor the method sits in, if it sits in one. */
  queue: string | undefined;
  job: string;
}

/**
 * What is wrong between the job names each queue declares and the handlers the worker has: a
 * declared name without a handler (its jobs would fail on every attempt), one with several (which
 * of them runs would depend on registration order), and a handler for a name its queue does not
 * declare (it would never be called). Empty when every declared name has exactly one handler.
 */
export function jobHandlerProblems(
  declared: Readonly<Record<string, readonly string[]>>,
  found: readonly FoundHandler[],
): string[] {
  const problems: string[] = [];
  for (const [queue, jobs] of Object.entries(declared)) {
    for (const job of jobs) {
      const handlers = found.filter((h) => h.queue === queue && h.job === job);
      if (handlers.length === 0) problems.push(`job ${job} of queue ${queue} has no handler`);
      if (handlers.length > 1)
        problems.push(
          `job ${job} of queue ${queue} has ${handlers.length} handlers (${handlers
            .map((h) => h.owner)
            .sort()
            .join(', ')})`,
        );
    }
  }
  for (const h of found) {
    if (h.queue === undefined)
      problems.push(`${h.owner} handles ${h.job} outside a queue processor`);
    else if (!(declared[h.queue] ?? []).includes(h.job))
      problems.push(`${h.owner} handles ${h.job}, which queue ${h.queue} does not declare`);
  }
  return problems;
}
