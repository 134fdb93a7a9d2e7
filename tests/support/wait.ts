/** An error with its `cause` chain (undici's "fetch failed" hides the reason there: ECONNREFUSED, a reset…). */
export function describeError(e: unknown): string {
  const parts: string[] = [];
  for (let x: unknown = e, depth = 0; x && depth < 4; depth++) {
    const err = x as { code?: unknown; message?: unknown; cause?: unknown };
    parts.push(x instanceof Error ? `${x.name}: ${x.message}${err.code ? ` [${String(err.code)}]` : ''}` : String(x));
    x = x instanceof Error ? err.cause : undefined;
  }
  return parts.join(' ← caused by ');
}

/**
 * Polls `probe` until it returns a truthy value or `timeoutMs` passes (then throws with `what` and
 * the last error). `fatal` marks errors that end the wait at once.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 30_000,
  everyMs = 100,
  fatal: (e: unknown) => boolean = () => false,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      if (fatal(e)) throw e;
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${describeError(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
