import { JsonLogger } from './json-logger';
import { requestScope } from './request-scope';

/** The JSON lines the logger writes to stdout while `fn` runs. */
function linesOf(fn: () => void): Array<Record<string, unknown>> {
  const original = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = original;
  }
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the JSON log', () => {
  it('writes one object per line: time, level, service, context, message and fields', () => {
    const [line] = linesOf(() =>
      new JsonLogger('info', 'api').log({ msg: 'request', status: 200 }, 'Access'),
    );
    expect(line).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      service: 'api',
      context: 'Access',
      msg: 'request',
      status: 200,
    });
  });

  it('takes a plain message, and an error with its stack', () => {
    const logger = new JsonLogger('debug', 'worker');
    const failure = new Error('boom');
    const lines = linesOf(() => {
      logger.warn('slow answer', 'Webhook');
      logger.error({ msg: 'request failed', requestId: 'r-1' }, 'Error: boom\n    at x', 'Http');
      logger.error(failure);
    });
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'slow answer', context: 'Webhook' }),
      expect.objectContaining({
        level: 'error',
        msg: 'request failed',
        requestId: 'r-1',
        stack: 'Error: boom\n    at x',
        context: 'Http',
      }),
      expect.objectContaining({ level: 'error', msg: 'boom', stack: failure.stack }),
    ]);
  });

  it.each<[string, string[]]>([
    ['debug', ['debug', 'debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ])('at level %s writes %j', (level, written) => {
    const logger = new JsonLogger(level as 'info', 'api');
    const lines = linesOf(() => {
      logger.verbose('v');
      logger.debug('d');
      logger.log('i');
      logger.warn('w');
      logger.error('e');
    });
    expect(lines.map((l) => l.level)).toEqual(written);
  });

  it("counts the framework's start-up chatter as debug", () => {
    const lines = linesOf(() => {
      new JsonLogger('info').log('Mapped {/api/v1/incidents, POST} route', 'RouterExplorer');
      new JsonLogger('info').log('AppModule dependencies initialized', 'InstanceLoader');
    });
    expect(lines).toEqual([]);
  });

  it('never writes personal data, wherever a caller put it', () => {
    const [line] = linesOf(() =>
      new JsonLogger('info').warn({
        msg: 'sign-in refused',
        email: 'nurse@demo.medguard.kz',
        password: 'Staff-demo-2026!',
        user: { fullName: 'Айгерім Сәрсенова', phone: '+77010000000', id: 'u-1' },
        headers: { authorization: 'Bearer abc', cookie: 'mg_session=abc' },
        narrative: 'he shouted at me',
      }),
    );
    const text = JSON.stringify(line);
    for (const secret of [
      'nurse@demo',
      'Staff-demo',
      'Айгерім',
      '+7701',
      'Bearer',
      'mg_session',
      'shouted',
    ])
      expect(text).not.toContain(secret);
    expect(line).toMatchObject({ msg: 'sign-in refused', user: { id: 'u-1' } });
  });

  it('blanks personal data in what it writes, not in the objects the caller still holds', () => {
    const user = { id: 'u-1', email: 'nurse@demo.medguard.kz' };
    const fields = { msg: 'signed in', user };
    const [line] = linesOf(() => new JsonLogger('info').log(fields));
    expect(line).toMatchObject({ user: { id: 'u-1', email: '[redacted]' } });
    expect(user.email).toBe('nurse@demo.medguard.kz');
    expect(fields.user).toBe(user);
  });

  it('marks every line written while a request is handled with its request id', () => {
    const logger = new JsonLogger('info');
    const lines = linesOf(() => {
      requestScope.run({ requestId: 'req-12345678' }, () => logger.log('inside'));
      logger.log('outside');
    });
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'inside', requestId: 'req-12345678' }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
  });
});
