import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorCode, FieldProblem } from './app-error';
import { unstorableText } from './storable-text';

/** Flattens class-validator's tree into `victims[0].role`-style paths, one message per field. */
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
      });
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, path));
  }
  return problems;
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
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const message = details.map((d) => `${d.field}: ${d.message}`).join('; ') || 'Invalid input';
      return new AppError(ErrorCode.ValidationFailed, message, details);
    },
  });
}
