/**
 * The pure execution core: `(definition, state, event, ctx) → { state, effects }`.
 *
 * ```ts
 * import { startRun, transition } from './core/index.js';
 * let { state, effects } = startRun(version.definition, runContext, { runId, now: clock.now(), maxSteps: 500 });
 * // perform effects through the ports, persist state; later, when the task is completed:
 * ({ state, effects } = transition(version.definition, state, { type: 'taskCompleted', nodeId, taskId, completedBy, data }, ctx));
 * ```
 */
export * from './types.js';
export { initialState, startRun, transition } from './transition.js';
export { RUN_TOO_LONG, INVALID_WORKFLOW } from './run-loop.js';
export { NODE_ERROR } from './node-error.js';
export { FILTERED_OUTCOME } from './handlers/trigger.handler.js';
export { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, backoffDelayMs, idempotencyKey } from './handlers/action.handler.js';
export { evidenceOf } from './evidence.js';
export type { RuleData } from './rule-data.js';
export { ruleDataOf } from './rule-data.js';
