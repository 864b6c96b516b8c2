import { LoggerService } from '@nestjs/common';
import type { LogLevel } from '../config/app-config';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Framework start-up chatter (one line per module and route) is debug detail, not operations news. */
const CHATTY_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
]);

/**
 * One JSON object per line on stdout. Callers pass identifiers and counts, never names, e-mail
 * addresses, narratives or tokens: logs leave the system through collectors we do not control.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly service = 'api',
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    this.write(
      typeof context === 'string' && CHATTY_CONTEXTS.has(context) ? 'debug' : 'info',
      message,
      rest,
    );
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (ORDER[level] < ORDER[this.level]) return;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
    };
    // Nest passes the context as the last string argument and, for errors, a stack before it.
    const args = [...rest];
    if (typeof args[args.length - 1] === 'string') entry.context = args.pop();
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    for (const arg of args) {
      if (typeof arg === 'string') entry.stack = arg;
      else if (arg instanceof Error) entry.stack = arg.stack;
      else if (typeof arg === 'object' && arg !== null) Object.assign(entry, arg);
    }
    process.stdout.write(JSON.stringify(entry) + '\n');
  }
}
