/**
 * Keeps secrets out of run data and logs: every occurrence of a secret value inside strings of a
 * JSON-like value is replaced. Plugins should never return or log credentials; this is the net
 * under them.
 */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for (they would match ordinary text). */
const MIN_SECRET_LENGTH = 6;

export function redactString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH && out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/** A copy of `value` with secrets replaced in every string (keys included); non-JSON values pass through. */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const usable = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
  if (usable.length === 0) return value;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactString(v, usable);
    if (depth > 64 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (v instanceof Error) return Object.assign(new Error(redactString(v.message, usable)), { name: v.name });
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[redactString(k, usable)] = walk(x, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}
