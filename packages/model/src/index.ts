/**
 * @coachflow/model — the workflow definition format and everything engine and designer share:
 * types, node and trigger catalogues, the validator, statuses and errors.
 *
 * ```ts
 * import { validateWorkflow, TRIGGER_CATALOGUE } from '@coachflow/model';
 * const issues = validateWorkflow(definition); // [] when publishable
 * ```
 */
export * from './workflow.types.js';
export * from './node-kinds.js';
export * from './triggers.js';
export * from './json-schema.types.js';
export * from './status.js';
export * from './errors/index.js';
