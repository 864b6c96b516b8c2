/**
 * The contract's stable code of a field problem, so pages show their own language's text: a
 * missing value, one of the wrong form, length or range, a time rule, a lookup that found nothing
 * usable, or a field the caller may not send.
 */
export const VALIDATION_CODES = [
  'required',
  'invalid',
  'too_long',
  'too_short',
  'out_of_range',
  'in_future',
  'too_old',
  'unknown_facility',
  'unknown_unit',
  'unit_of_other_facility',
  'unknown_user',
  'not_allowed',
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

export interface FieldProblem {
  field: string;
  message: string;
  /** `invalid` when not given (see the HTTP exception filter). */
  code?: ValidationCode;
}

/** Every failure a feature reports on purpose; the HTTP status comes from one switch in the filter. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Gone = 'GONE',
  RuleViolated = 'RULE_VIOLATED',
  RateLimited = 'RATE_LIMITED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldProblem[] = [],
    readonly headers: Record<string, string> = {},
    /** Flags the error body carries beside the standard fields (`mfaRequired`, ...). */
    readonly flags: Record<string, boolean> = {},
  ) {
    super(message);
  }

  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NotFound, `${what} not found`);
  }

  static invalid(field: string, message: string, code: ValidationCode = 'invalid'): AppError {
    return new AppError(ErrorCode.ValidationFailed, `${field}: ${message}`, [
      { field, message, code },
    ]);
  }

  static conflict(message: string, field?: string): AppError {
    return new AppError(ErrorCode.Conflict, message, field ? [{ field, message }] : []);
  }

  static forbidden(message = 'Your role does not allow this'): AppError {
    return new AppError(ErrorCode.Forbidden, message);
  }
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return 400;
    case ErrorCode.Unauthenticated:
    case ErrorCode.InvalidCredentials:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.Gone:
      return 410;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.RuleViolated:
      return 422;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.ServiceUnavailable:
      return 503;
    default: {
      const unreachable: never = code;
      throw new Error(`Unmapped error code ${String(unreachable)}`);
    }
  }
}
