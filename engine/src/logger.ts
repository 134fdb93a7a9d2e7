/** Structured logs: one JSON object per line on stderr. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(level: LogLevel, base: Record<string, unknown> = {}): Logger {
  const min = ORDER[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[lvl] < min) return;
    const line = { time: new Date().toISOString(), level: lvl, msg, ...base, ...fields };
    process.stderr.write(`${JSON.stringify(line, errorReplacer)}\n`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/**
 * What may be logged of an error: database errors carry the whole SQL statement with its values
 * (personal data, secrets), so only their codes and the server's message are kept.
 */
export function loggableError(e: unknown): Record<string, unknown> {
  const err = e as { name?: string; message?: string; code?: string; errno?: number; sqlMessage?: string; sql?: string; stack?: string };
  if (err && (err.sql !== undefined || err.sqlMessage !== undefined || /^(insert|update|delete|select) /i.test(err.message ?? ''))) {
    return { name: err.name, code: err.code, errno: err.errno, sqlMessage: err.sqlMessage ?? String(err.message).split(' - ').pop() };
  }
  return { name: err?.name, message: err?.message, stack: err?.stack };
}

