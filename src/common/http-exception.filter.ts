import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { AppError, ErrorCode, FieldProblem, httpStatusOf } from './app-error';
import { isDatabaseUnavailable } from './engine-errors';
import { BodyRefused } from './json-body';

/** The standard reason phrase of a status, as the contract's `error` field carries it. */
const reason = (status: number): string => STATUS_CODES[status] ?? 'Error';

/** Seconds a client is asked to wait before retrying while an engine is away. */
const RETRY_AFTER_SECONDS = '5';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details: FieldProblem[];
  requestId?: string;
  [extra: string]: unknown;
}

/** Maps every failure to the contract's error body; nothing internal leaks in a 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { requestId?: string }>();
    // The client went away (e.g. mid-upload): there is no one to answer, and nothing failed on our side.
    if (!res.socket || res.socket.destroyed) return;
    const unavailable = isDatabaseUnavailable(exception);
    const { body, headers } = this.toBody(
      unavailable
        ? new AppError(
            ErrorCode.ServiceUnavailable,
            'The database is unavailable; try again shortly',
            [],
            { 'Retry-After': RETRY_AFTER_SECONDS },
          )
        : exception,
    );
    body.requestId = req.requestId;
    if (unavailable) {
      // An outage is reported once per request as a warning, not as a failure of ours with a stack.
      this.logger.warn({
        msg: 'database unavailable',
        requestId: req.requestId,
        route: req.route?.path,
        error: (exception as Error).message,
      });
    } else if (body.statusCode >= 500) {
      this.logger.error(
        {
          msg: 'request failed',
          requestId: req.requestId,
          route: req.route?.path,
          method: req.method,
        },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): { body: ErrorBody; headers: Record<string, string> } {
    if (exception instanceof AppError) {
      const statusCode = httpStatusOf(exception.code);
      return {
        body: {
          statusCode,
          error: reason(statusCode),
          message: exception.message,
          code: exception.code,
          details: withCodes(exception.details),
          ...exception.flags,
        },
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException)
      return { body: fromHttpException(exception), headers: {} };
    if (exception instanceof QueryFailedError) {
      const mapped = fromDatabaseError(exception as QueryFailedError & { code?: string });
      if (mapped) return { body: mapped, headers: {} };
    }
    return {
      body: {
        statusCode: 500,
        error: reason(500),
        message: 'Something went wrong on our side',
        details: [],
      },
      headers: {},
    };
  }
}

interface HealthResult {
  status: string;
  info?: Record<string, unknown>;
  error?: Record<string, unknown>;
  details?: Record<string, unknown>;
}

function isHealthResult(response: unknown): response is HealthResult {
  return (
    typeof response === 'object' &&
    response !== null &&
    'details' in response &&
    'status' in response
  );
}

function fromHttpException(exception: HttpException): ErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  if (statusCode === 503 && isHealthResult(response)) {
    // A failed readiness check keeps the per-dependency report next to the contract's fields.
    return {
      statusCode,
      error: reason(503),
      message: `Not ready: ${Object.keys(response.error ?? {}).join(', ')}`,
      details: [],
      status: response.status,
      info: response.info,
      failed: response.error,
    } as ErrorBody;
  }
  let message = exception.message;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const raw = (response as { message: unknown }).message;
    message = Array.isArray(raw) ? raw.join('; ') : String(raw);
  }
  // Body-parser failures surface as 400 with a parser message; name the body as the field.
  // Multipart limits arrive with multer's error as the cause, which names the field.
  // A body refused before parsing (too deep, not UTF-8) names the field and the problem itself.
  const cause = exception.cause as { name?: string; field?: string; message?: string } | undefined;
  const details =
    exception.cause instanceof BodyRefused
      ? [{ field: exception.cause.field, message: exception.cause.problem }]
      : cause?.name === 'MulterError'
        ? [{ field: cause.field ?? 'file', message: cause.message ?? message }]
        : statusCode === 400 && /JSON/i.test(message)
          ? [{ field: 'body', message: 'is not valid JSON' }]
          : [];
  return {
    statusCode,
    error: reason(statusCode),
    message,
    code: codeForStatus(statusCode),
    details: withCodes(details),
  };
}

/** Every problem carries a code; one a check did not name more precisely is `invalid`. */
function withCodes(details: FieldProblem[]): FieldProblem[] {
  return details.map((d) => ({ field: d.field, message: d.message, code: d.code ?? 'invalid' }));
}

function codeForStatus(status: number): string | undefined {
  const codes: Record<number, ErrorCode> = {
    400: ErrorCode.ValidationFailed,
    401: ErrorCode.Unauthenticated,
    403: ErrorCode.Forbidden,
    404: ErrorCode.NotFound,
    413: ErrorCode.PayloadTooLarge,
    415: ErrorCode.UnsupportedMediaType,
    429: ErrorCode.RateLimited,
  };
  return codes[status];
}

/** Constraint violations that input can cause are conflicts, not crashes. */
function fromDatabaseError(error: QueryFailedError & { code?: string }): ErrorBody | undefined {
  switch (error.code) {
    case '23505':
      return {
        statusCode: 409,
        error: reason(409),
        message: 'A record with the same unique value already exists',
        code: ErrorCode.Conflict,
        details: [],
      };
    case '23503':
      return {
        statusCode: 409,
        error: reason(409),
        message: 'The record is referenced by or refers to records that prevent this change',
        code: ErrorCode.Conflict,
        details: [],
      };
    default:
      return undefined;
  }
}
