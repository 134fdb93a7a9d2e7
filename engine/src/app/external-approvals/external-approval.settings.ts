/** Timing of external approvals, from the environment. */
export interface ExternalApprovalSettings {
  /** Poll `getInstance` for an approval pending this long without a callback, and again every this long (default 10 min). */
  reconcileAfterMs: number;
  /** Timeout of one createInstance / getInstance call. */
  callTimeoutMs: number;
  /** Attempts to start an instance before the step fails (retryable errors only). */
  maxCreateAttempts: number;
  /** Rows acted on per tick. */
  batch: number;
  /** Callback events and finished external approvals older than this are pruned (COACHFLOW_RETENTION_DAYS). */
  retentionMs: number;
}

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

/** COACHFLOW_EXTERNAL_RECONCILE_MS, COACHFLOW_EXTERNAL_CALL_TIMEOUT_MS, COACHFLOW_EXTERNAL_CREATE_ATTEMPTS. */
export function externalApprovalSettings(env: NodeJS.ProcessEnv = process.env): ExternalApprovalSettings {
  return {
    reconcileAfterMs: int(env.COACHFLOW_EXTERNAL_RECONCILE_MS, 10 * 60_000),
    callTimeoutMs: int(env.COACHFLOW_EXTERNAL_CALL_TIMEOUT_MS, 30_000),
    maxCreateAttempts: int(env.COACHFLOW_EXTERNAL_CREATE_ATTEMPTS, 8),
    batch: 20,
    retentionMs: int(env.COACHFLOW_RETENTION_DAYS, 90) * 86_400_000,
  };
}

/** Backoff before create attempt `attempts + 1`: 2 s, 4 s, … capped at 5 min. */
export function createBackoffMs(attempts: number): number {
  return Math.min(2000 * 2 ** Math.max(0, attempts - 1), 300_000);
}
