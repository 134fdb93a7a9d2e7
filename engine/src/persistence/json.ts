/** JSON columns are written as text and read back portably (MariaDB returns JSON as a string). */
export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function fromJson<T>(value: unknown): T {
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

export function fromJsonOrNull<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return fromJson<T>(value);
}

/** Knex returns inserted ids differently per dialect; this reads the first one. */
export function insertedId(result: unknown): number {
  const first = Array.isArray(result) ? result[0] : result;
  if (typeof first === 'number') return first;
  if (typeof first === 'bigint') return Number(first);
  if (first && typeof first === 'object' && 'id' in first) return Number((first as { id: unknown }).id);
  return Number(first);
}

/** Whether an error is a unique-key violation (SQLite or MySQL). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; message?: string };
  return (
    err?.code === 'ER_DUP_ENTRY' ||
    err?.errno === 1062 ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(err?.message ?? '')
  );
}
