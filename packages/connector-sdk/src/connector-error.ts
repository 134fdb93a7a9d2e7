/**
 * Errors a connector action throws. They say whether a retry can help, carry a stable code, and are
 * recognised across separately installed copies of the SDK by a global symbol marker (not instanceof).
 */
const MARKER = Symbol.for('coachflow.ConnectorError');

export class ConnectorError extends Error {
  readonly [MARKER] = true;
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
  /** A failure that may pass on a later attempt (timeout, 429, 5xx). */
  static retryable(code: string, message: string): ConnectorError {
    return new ConnectorError(code, message, true);
  }
  /** A failure a retry cannot fix (bad input, not found, forbidden). */
  static nonRetryable(code: string, message: string): ConnectorError {
    return new ConnectorError(code, message, false);
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[MARKER] === true;
}
