import { replicaFailure } from './replica-failure';

const coded = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const wrapped = (code: string) =>
  Object.assign(new Error('query failed'), { driverError: coded(code) });

describe('replicaFailure', () => {
  it.each([
    [
      'connection refused',
      coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5433'),
      'unreachable',
    ],
    ['connection reset', coded('ECONNRESET'), 'unreachable'],
    ['host unknown', coded('ENOTFOUND'), 'unreachable'],
    ['refused on every address', new AggregateError([coded('ECONNREFUSED')]), 'unreachable'],
    ['server gone mid-query', new Error('Connection terminated unexpectedly'), 'unreachable'],
    ['pool wait', new Error('timeout exceeded when trying to connect'), 'unreachable'],
    [
      'conflict with recovery',
      coded('40001', 'canceling statement due to conflict with recovery'),
      'server',
    ],
    ['recovery deadlock', coded('40P01'), 'server'],
    [
      'shutting down',
      coded('57P01', 'terminating connection due to administrator command'),
      'unreachable',
    ],
    ['starting up', coded('57P03', 'the database system is starting up'), 'unreachable'],
    ['too many clients', coded('53300'), 'unreachable'],
    ['wrong password', coded('28P01'), 'server'],
    ['database missing', coded('3D000'), 'server'],
    ['connection exception', coded('08006'), 'unreachable'],
    ['TypeORM-wrapped conflict', wrapped('40001'), 'server'],
    ['bad input', coded('22P02', 'invalid input syntax for type uuid'), null],
    ['syntax error', coded('42601'), null],
    ['constraint', coded('23505'), null],
    ['not an error', 'ECONNREFUSED', null],
    [
      'from another realm',
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
      'unreachable',
    ],
    ['other error', new Error('something else'), null],
  ])('%s', (_, error, expected) => {
    expect(replicaFailure(error)).toBe(expected);
  });
});
