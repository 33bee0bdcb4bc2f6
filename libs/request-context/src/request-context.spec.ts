import { currentRequestId, runInRequest, takeRequestMeta, withRequestMeta } from './request-context';

describe('request context', () => {
  it('follows work started inside a request, through awaits and timers', async () => {
    const seen = await runInRequest('req-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return new Promise<string | undefined>((resolve) => setImmediate(() => resolve(currentRequestId())));
    });
    expect(seen).toBe('req-1');
    expect(currentRequestId()).toBeUndefined();
  });

  it('travels inside a message and is taken off before validation', () => {
    const message = runInRequest('req-2', () => withRequestMeta({ productId: 'p1' }));
    expect(takeRequestMeta(message)).toBe('req-2');
    expect(message).toEqual({ productId: 'p1' });
    expect(withRequestMeta({ a: 1 })).toEqual({ a: 1 });
  });

  it('ignores an id that is not a sane request id', () => {
    expect(takeRequestMeta({ __request: { requestId: 'bad id\n' } })).toBeUndefined();
    expect(takeRequestMeta({ __request: 'x' })).toBeUndefined();
    expect(takeRequestMeta('not an object')).toBeUndefined();
  });
});
