import { ArgumentsHost, HttpException, Logger } from '@nestjs/common';
import { AppError, ErrorCode } from './app-error';
import { HttpExceptionFilter } from './http-exception.filter';

/** What the filter answers for an exception: the status and the contract's error body. */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
  const res = {
    socket: { destroyed: false },
    headersSent: false,
    setHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ requestId: 'r-1' }) }),
  } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return sent;
}

describe('the error body', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each([
    [400, 'Bad Request'],
    [404, 'Not Found'],
    [405, 'Method Not Allowed'],
    [406, 'Not Acceptable'],
    [408, 'Request Timeout'],
    [411, 'Length Required'],
    [413, 'Payload Too Large'],
    [416, 'Range Not Satisfiable'],
    [422, 'Unprocessable Entity'],
    [431, 'Request Header Fields Too Large'],
    [502, 'Bad Gateway'],
    [504, 'Gateway Timeout'],
  ])('names status %i by its standard reason, %s', (status, reason) => {
    const { status: sent, body } = answer(new HttpException('refused', status));
    expect(sent).toBe(status);
    expect(body).toMatchObject({ statusCode: status, error: reason, requestId: 'r-1' });
  });

  it.each([
    [ErrorCode.ValidationFailed, 400, 'Bad Request'],
    [ErrorCode.NotFound, 404, 'Not Found'],
    [ErrorCode.UnsupportedMediaType, 415, 'Unsupported Media Type'],
  ])('answers a feature error %s as %i %s', (code, status, reason) => {
    expect(answer(new AppError(code, 'refused'))).toMatchObject({
      status,
      body: { statusCode: status, error: reason, code },
    });
  });

  it('answers anything unexpected as a 500 without internals', () => {
    expect(answer(new Error('relation "x" does not exist'))).toEqual({
      status: 500,
      body: {
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Something went wrong on our side',
        details: [],
        requestId: 'r-1',
      },
    });
  });
});
