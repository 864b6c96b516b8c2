import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * Work the database says is due, swept on an in-process timer rather than a queue schedule, so
 * an emptied Redis cannot stop it. One sweep runs at a time; a failed one is logged and the next
 * tick tries again; shutdown waits for the sweep in progress.
 */
export abstract class PeriodicSweep<T> implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  protected constructor(
    /** What is swept, for the log: "alert", "push", "SMS". */
    private readonly what: string,
    protected readonly logger: Logger,
  ) {}

  /** How often to sweep; null when the capability is off and nothing is swept. */
  protected abstract intervalMs(): number | null;

  abstract sweep(): Promise<T>;

  onApplicationBootstrap(): void {
    const every = this.intervalMs();
    if (every !== null) this.timer = setInterval(() => void this.tick(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): Promise<unknown> {
    this.running ??= this.sweep()
      .catch((error: unknown) =>
        this.logger.warn({
          msg: `${this.what} sweep failed; will retry`,
          error: (error as Error).message,
        }),
      )
      .finally(() => (this.running = null));
    return this.running;
  }
}
