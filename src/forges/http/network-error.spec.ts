import { describe, expect, it } from 'vitest';
import { classifyNetworkError, isRetryableReason } from './network-error.js';
import { fetchFailed } from './testing/scripted-fetch.js';

const none = { timedOut: false, callerAborted: false };

describe('classifyNetworkError', () => {
  it.each([
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['ECONNREFUSED', 'refused'],
    ['ENOTFOUND', 'dns'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['EWHATEVER', 'network'],
  ])('fetch failed with %s → %s', (code, reason) => {
    expect(classifyNetworkError(fetchFailed(code), none)).toMatchObject({ reason, code });
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

  it('a plain "fetch failed" without cause is a retryable network error', () => {
    expect(classifyNetworkError(new TypeError('fetch failed'), none).reason).toBe('network');
    expect(isRetryableReason('network')).toBe(true);
    expect(isRetryableReason('aborted')).toBe(false);
    expect(isRetryableReason('invalid_request')).toBe(false);
  });
});
