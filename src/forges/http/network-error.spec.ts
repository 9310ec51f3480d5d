import { describe, expect, it } from 'vitest';
import { classifyNetworkError, isRetryableReason } from './network-error.js';
import { networkFailure } from './testing/scripted-send.js';

const none = { timedOut: false, callerAborted: false };

describe('classifyNetworkError', () => {
  it.each([
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['ECONNREFUSED', 'refused'],
    ['ENOTFOUND', 'dns'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['ERR_INVALID_URL', 'invalid_request'],
    ['UND_ERR_INVALID_ARG', 'invalid_request'],
    ['EWHATEVER', 'network'],
  ])('the transport threw %s → %s', (code, reason) => {
    expect(classifyNetworkError(networkFailure(code), none)).toMatchObject({ reason, code });
  });

  it('reads the code of a cause, as fetch wrapped it (`TypeError: fetch failed`)', () => {
    const cause = Object.assign(new Error('x'), { code: 'ECONNRESET' });
    expect(classifyNetworkError(new TypeError('fetch failed', { cause }), none)).toMatchObject({
      reason: 'reset',
      code: 'ECONNRESET',
      message: 'fetch failed: x',
    });
  });

  it('reads the code of the first error of an AggregateError cause', () => {
    const cause = new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]);
    expect(classifyNetworkError(new TypeError('fetch failed', { cause }), none).reason).toBe('refused');
  });

  it('tells our timeout from the caller aborting', () => {
    const abort = new DOMException('aborted', 'AbortError');
    expect(classifyNetworkError(abort, { timedOut: true, callerAborted: false }).reason).toBe('timeout');
    expect(classifyNetworkError(abort, { timedOut: false, callerAborted: true }).reason).toBe('aborted');
    expect(classifyNetworkError(new DOMException('t', 'TimeoutError'), none).reason).toBe('timeout');
  });

  it('an error without a code is a retryable network error', () => {
    expect(classifyNetworkError(new TypeError('fetch failed'), none).reason).toBe('network');
    expect(isRetryableReason('network')).toBe(true);
    expect(isRetryableReason('aborted')).toBe(false);
    expect(isRetryableReason('invalid_request')).toBe(false);
  });
});
