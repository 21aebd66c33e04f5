import { CommitOutcomeUnknown, isCommitOutcomeUnknown, isConnectionLost } from './connection-loss';

const withCode = (code: string) => Object.assign(new Error('x'), { code });
/** TypeORM's QueryFailedError carries the driver's error in `driverError`. */
const wrapped = (inner: unknown) => Object.assign(new Error('query failed'), { driverError: inner });
const named = (name: string) => Object.assign(new Error('released'), { name });

describe('isConnectionLost', () => {
  it.each([
    ['57P01 admin_shutdown', withCode('57P01')],
    ['57P02 crash_shutdown', withCode('57P02')],
    ['57P03 cannot_connect_now', withCode('57P03')],
    ['08006 connection_failure', withCode('08006')],
    ['08003 connection_does_not_exist', withCode('08003')],
    ['08000', withCode('08000')],
    ['08001', withCode('08001')],
    ['ECONNREFUSED while the server restarts', withCode('ECONNREFUSED')],
    ['ECONNRESET', withCode('ECONNRESET')],
    ['a wrapped 57P01', wrapped(withCode('57P01'))],
    ["pg's code-less termination", new Error('Connection terminated unexpectedly')],
    ['a client known to be broken', new Error('Client has encountered a connection error and is not queryable')],
    ['TypeORM released the runner', named('QueryRunnerAlreadyReleasedError')],
    ['a commit whose outcome is unknown', new CommitOutcomeUnknown(withCode('57P01'))],
  ])('%s is a lost connection', (_name, error) => {
    expect(isConnectionLost(error)).toBe(true);
  });

  it.each([
    ['40001 serialization failure', withCode('40001')],
    ['23505 unique violation', wrapped(withCode('23505'))],
    ['22P02 bad text', withCode('22P02')],
    ['a message mentioning termination but with a code', Object.assign(new Error('Connection terminated'), { code: '42P01' })],
    ['a plain error', new Error('boom')],
    ['null', null],
  ])('%s is not', (_name, error) => {
    expect(isConnectionLost(error)).toBe(false);
  });

  it('recognises a commit of unknown outcome through a wrapper, and only that', () => {
    expect(isCommitOutcomeUnknown(wrapped(new CommitOutcomeUnknown(null)))).toBe(true);
    expect(isCommitOutcomeUnknown(withCode('57P01'))).toBe(false);
  });
});
