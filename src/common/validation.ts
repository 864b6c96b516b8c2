import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorCode, FieldProblem } from './app-error';
import { unstorableText } from './storable-text';
import { CodeOfValue, validationCode } from './validation-codes';

/**
 * Flattens class-validator's tree into `victims[0].role`-style paths, one message and one code
 * per field. The value itself is read for its code only; it is never part of the answer.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) {
      problems.push({
        field: path,
        message: messages.map((m) => stripProperty(m, error.property)).join('; '),
        code: validationCode(Object.keys(error.constraints ?? {}), error.value, ownCodes(error)),
      });
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, path));
  }
  return problems;
}

/** Codes a decorator names itself with `context: { code }`, by check. */
function ownCodes(error: ValidationError): Record<string, CodeOfValue | undefined> {
  return Object.fromEntries(
    Object.entries(error.contexts ?? {}).map(([check, context]) => [
      check,
      (context as { code?: CodeOfValue } | undefined)?.code,
    ]),
  );
}

function stripProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/**
 * Validation of every body, query and path parameter, after a first look for text nothing could
 * store or check (NUL characters, lone surrogates): those are the client's mistake, refused
 * before a validator or the database trips over them.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = unstorableText(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (problem)
        throw new AppError(ErrorCode.ValidationFailed, `${problem.field}: ${problem.message}`, [
          problem,
        ]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const message = details.map((d) => `${d.field}: ${d.message}`).join('; ') || 'Invalid input';
      return new AppError(ErrorCode.ValidationFailed, message, details);
    },
  });
}
