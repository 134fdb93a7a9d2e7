/** Sign-in settings, read from the environment (defaults in brackets). */
export interface AuthConfig {
  /** COACHFLOW_SESSION_TTL_MS [8 h]: how long a sign-in session lasts. */
  sessionTtlMs: number;
  /** COACHFLOW_SIGNIN_MAX_FAILURES [5]: failed sign-ins allowed per account in the window. */
  maxFailures: number;
  /** COACHFLOW_SIGNIN_MAX_FAILURES_PER_IP [20]: per IP (higher: offices share an address behind NAT). */
  maxFailuresPerIp: number;
  /** COACHFLOW_SIGNIN_WINDOW_MS [15 min]. */
  failureWindowMs: number;
  /**
   * COACHFLOW_AUTH_CACHE_MS [3000]: how long a validated token's principal is reused without a
   * lookup (auth/principal-cache.ts); changes made through another process take up to this long
   * to apply here. 0 turns the cache off.
   */
  principalCacheMs: number;
  /** COACHFLOW_BOOTSTRAP_ADMIN=email:password — creates an hr_admin + it_admin user on first start. */
  bootstrapAdmin: { email: string; password: string } | null;
}

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const boot = env.COACHFLOW_BOOTSTRAP_ADMIN ?? '';
  const at = boot.indexOf(':');
  return {
    sessionTtlMs: int(env.COACHFLOW_SESSION_TTL_MS, 8 * 3_600_000),
    maxFailures: int(env.COACHFLOW_SIGNIN_MAX_FAILURES, 5),
    maxFailuresPerIp: int(env.COACHFLOW_SIGNIN_MAX_FAILURES_PER_IP, 20),
    failureWindowMs: int(env.COACHFLOW_SIGNIN_WINDOW_MS, 15 * 60_000),
    principalCacheMs: env.COACHFLOW_AUTH_CACHE_MS === '0' ? 0 : int(env.COACHFLOW_AUTH_CACHE_MS, 3000),
    bootstrapAdmin: at > 0 ? { email: boot.slice(0, at).trim().toLowerCase(), password: boot.slice(at + 1) } : null,
  };
}
