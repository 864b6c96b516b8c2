import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './engine-errors';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
const wrapped = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['server shut down mid-session (57P01)', wrapped(pgError('57P01')), true],
    [
      'connection lost mid-transaction: TypeORM released its runner before the commit',
      new QueryRunnerAlreadyReleasedError(),
      true,
    ],
    [
      'server shutting down (57P03)',
      pgError('57P03', 'the database system is shutting down'),
      true,
    ],
    [
      'server starting up (57P03)',
      wrapped(pgError('57P03', 'the database system is starting up')),
      true,
    ],
    ['connection failure (08006)', wrapped(pgError('08006')), true],
    ['too many connections (53300)', pgError('53300'), true],
    ['connection refused', socketError('ECONNREFUSED'), true],
    ['connection reset', socketError('ECONNRESET'), true],
    ['connection lost', new Error('Connection terminated unexpectedly'), true],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect'), true],
    ['connect timeout', new Error('Connection terminated due to connection timeout'), true],
    ['query timeout', wrapped(new Error('Query read timeout')), true],
    [
      'broken client',
      new Error('Client has encountered a connection error and is not queryable'),
      true,
    ],
    ['unique violation (23505)', wrapped(pgError('23505')), false],
    ['syntax error (42601)', wrapped(pgError('42601')), false],
    ['statement timeout (57014) is a slow query, not an outage', wrapped(pgError('57014')), false],
    ['a code-only ECONNREFUSED without a socket call', pgError('ECONNREFUSED'), false],
    [
      'object storage refused (AWS SDK)',
      Object.assign(socketError('ECONNREFUSED'), { $metadata: { attempts: 3 } }),
      false,
    ],
    ['a programming error', new TypeError('x is undefined'), false],
    ['not an error', 'ECONNREFUSED', false],
    ['nothing', null, false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
