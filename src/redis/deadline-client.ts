import { Command, Redis, RedisOptions } from 'ioredis';

/**
 * A Redis client whose commands give up after `deadlineMs`, but only on a reply that has not
 * arrived. A timer alone cannot tell the two apart: when the process was busy for longer than the
 * deadline (a large body parsed, a loaded machine), the timer is due before the socket's reply,
 * already received, is read, and the command would be called timed out though Redis answered.
 * So when the deadline is due, the reply that waits on the socket is read first (I/O comes before
 * the event loop's check phase), and only a command still unanswered then fails.
 */
export class DeadlineRedis extends Redis {
  /** Commands whose deadline runs; one sent again after a reconnect keeps its first deadline. */
  private readonly armed = new WeakSet<Command>();

  constructor(
    options: Omit<RedisOptions, 'commandTimeout'>,
    private readonly deadlineMs: number,
  ) {
    super(options);
  }

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    if (!command.isResolved && !this.armed.has(command)) {
      this.armed.add(command);
      const timer = setTimeout(
        () =>
          setImmediate(() => {
            if (!command.isResolved) command.reject(new Error('Command timed out'));
          }),
        this.deadlineMs,
      );
      const settled = () => clearTimeout(timer);
      command.promise.then(settled, settled);
    }
    return super.sendCommand(command, stream);
  }
}
