/** Builds an ActionContext the way the engine does: its fetch applies the step's abort signal. */
import type { ActionContext } from '@coachflow/connector-sdk';

export interface TestCtx {
  ctx: ActionContext;
  controller: AbortController;
  logs: { level: 'info' | 'warn'; msg: string; fields?: Record<string, unknown> }[];
}

export function makeCtx(credentials: Record<string, string>, opts: { idempotencyKey?: string; timeoutMs?: number } = {}): TestCtx {
  const controller = new AbortController();
  if (opts.timeoutMs !== undefined) setTimeout(() => controller.abort(new Error('timeout')), opts.timeoutMs).unref();
  const logs: TestCtx['logs'] = [];
  const ctx: ActionContext = {
    credentials,
    idempotencyKey: opts.idempotencyKey ?? `run-1:node-1:${Math.random().toString(36).slice(2)}`,
    signal: controller.signal,
    logger: {
      info: (msg, fields) => logs.push({ level: 'info', msg, fields }),
      warn: (msg, fields) => logs.push({ level: 'warn', msg, fields }),
    },
    fetch: ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => fetch(input, { ...init, signal: controller.signal })) as typeof fetch,
  };
  return { ctx, controller, logs };
}
