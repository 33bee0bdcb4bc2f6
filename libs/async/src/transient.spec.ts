import { TimeoutError } from './async';
import { isTransientFailure } from './transient';

describe('isTransientFailure', () => {
  const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name }, extra);

  it('recognises deadlines, throttling, 5xx answers and dropped connections', () => {
    expect(isTransientFailure(new TimeoutError('dynamodb', 3000))).toBe(true);
    expect(isTransientFailure(named('TimeoutError'))).toBe(true);
    expect(isTransientFailure(named('ProvisionedThroughputExceededException'))).toBe(true);
    expect(isTransientFailure(named('Whatever', { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientFailure(new Error('wrapped', { cause: named('RequestTimeout') }))).toBe(true);
  });

  it('leaves bugs and refusals alone', () => {
    expect(isTransientFailure(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientFailure(named('ValidationException', { $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isTransientFailure('a string')).toBe(false);
  });
});
