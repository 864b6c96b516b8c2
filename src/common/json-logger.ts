import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
import type { LogLevel } from '../config/app-config';
import { requestScope } from './request-scope';

/** Framework start-up chatter (one line per module and route) is debug detail, not operations news. */
const CHATTY_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
]);

/**
 * Fields that hold personal data or credentials. Callers pass identifiers and counts only; should
 * one ever pass these, at the top or one level down, they are blanked before the line is written.
 */
const PERSONAL = new Set([
  'email',
  'password',
  'fullName',
  'full_name',
  'phone',
  'narrative',
  'witnesses',
  'address',
  'place_address',
  'lat',
  'lon',
  'accuracyM',
  'description',
  'perpetrator_description',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'apiKey',
  'x-api-key',
  'secret',
  'webhookSecret',
]);
const CENSOR = '[redacted]';

/**
 * The entry with PERSONAL fields blanked, at the top and one level down; the caller's objects are
 * copied where a field is blanked, never changed. (pino's own `redact` parses its paths again for
 * every line, which made it the logger's largest cost.)
 */
function withoutPersonal(entry: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(entry)) {
    if (PERSONAL.has(key)) entry[key] = CENSOR;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const inner = value as Record<string, unknown>;
      const found = Object.keys(inner).filter((k) => PERSONAL.has(k));
      if (found.length > 0)
        entry[key] = { ...inner, ...Object.fromEntries(found.map((k) => [k, CENSOR])) };
    }
  }
  return entry;
}

/**
 * One JSON object per line on stdout (pino, written synchronously so that the last lines before
 * a crash are not lost): time, level, service, context, msg and the caller's fields, and the
 * request id on every line written while a request is handled. Logs leave the system through
 * collectors we do not control, so personal data never enters them.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Pino;

  constructor(level: LogLevel = 'info', service = 'api') {
    this.pino = pino(
      {
        level,
        base: { service },
        messageKey: 'msg',
        timestamp: () => `,"time":"${new Date().toISOString()}"`,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => {
          const scope = requestScope.getStore();
          return scope ? { requestId: scope.requestId } : {};
        },
      },
      process.stdout,
    );
  }

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
  fatal(message: unknown, ...rest: unknown[]): void {
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

  /** Nest's calling convention (message, then a stack and the context as strings) as fields. */
  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const entry: Record<string, unknown> = {};
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
    this.pino[level](withoutPersonal(entry));
  }
}
