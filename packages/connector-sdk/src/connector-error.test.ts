import { describe, expect, it } from 'vitest';
import { ConnectorError, isConnectorError } from './connector-error.js';
import { defineConnector } from './define.js';

describe('ConnectorError', () => {
  it('is recognised by marker, also for a copy from another SDK instance', () => {
    const foreign = { [Symbol.for('coachflow.ConnectorError')]: true, code: 'X', retryable: false };
    expect(isConnectorError(ConnectorError.retryable('TIMEOUT', 't'))).toBe(true);
    expect(isConnectorError(foreign)).toBe(true);
    expect(isConnectorError(new Error('plain'))).toBe(false);
  });
  it('carries retryability', () => {
    expect(ConnectorError.retryable('A', 'a').retryable).toBe(true);
    expect(ConnectorError.nonRetryable('B', 'b').retryable).toBe(false);
  });
});

describe('defineConnector', () => {
  it('rejects a bad id', () => {
    expect(() => defineConnector({ id: 'Bad Id', version: 1, displayName: { 'zh-CN': 'x', en: 'x' }, actions: {} })).toThrow(/invalid connector id/);
  });
});
