/**
 * The error hierarchy shared by every package (n8n's three intents):
 * - UserError: the caller's mistake, answered with a 4xx, never reported as a bug;
 * - OperationalError: something outside failed (database, queue, connector), retrying may help;
 * - UnexpectedError: a bug.
 * Each carries a stable machine-readable `code`.
 */
const MARKER = Symbol.for('coachflow.AppError');

export type ErrorDetails = Record<string, unknown> | unknown[] | undefined;

export abstract class AppError extends Error {
  readonly [MARKER] = true;
  abstract readonly kind: 'user' | 'operational' | 'unexpected';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[MARKER] === true;
}

export class UserError extends AppError {
  readonly kind = 'user' as const;
  constructor(
    code: string,
    message: string,
    /** HTTP status to answer with (4xx). */
    readonly status: number = 400,
    details?: ErrorDetails,
  ) {
    super(code, message, details);
  }
  static badRequest(code: string, message: string, details?: ErrorDetails): UserError {
    return new UserError(code, message, 400, details);
  }
  static notFound(what: string, id: string | number): UserError {
    return new UserError('NOT_FOUND', `${what} ${id} not found`, 404, { what, id });
  }
  static conflict(code: string, message: string, details?: ErrorDetails): UserError {
    return new UserError(code, message, 409, details);
  }
  static unprocessable(code: string, message: string, details?: ErrorDetails): UserError {
    return new UserError(code, message, 422, details);
  }
  static forbidden(message = 'not allowed'): UserError {
    return new UserError('FORBIDDEN', message, 403);
  }
  static unauthorized(message = 'sign in required'): UserError {
    return new UserError('UNAUTHORIZED', message, 401);
  }
}

export class OperationalError extends AppError {
  readonly kind = 'operational' as const;
  static unavailable(what: string, cause?: unknown): OperationalError {
    const e = new OperationalError('SERVICE_UNAVAILABLE', `${what} is unavailable`, {
      cause: cause instanceof Error ? cause.message : String(cause),
    });
    return e;
  }
}

export class UnexpectedError extends AppError {
  readonly kind = 'unexpected' as const;
}
