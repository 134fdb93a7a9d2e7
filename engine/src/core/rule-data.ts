/** The data rules and `{{path}}` templates see (DESIGN.md "Data visible to rules"). */
import type { ExecutionState } from './types.js';

/** Variables visible to rules and templates. */
export interface RuleData {
  /** The event payload. */
  trigger: Record<string, unknown>;
  /** The event envelope: id, type, occurredAt. */
  event: ExecutionState['context']['event'];
  employee: Record<string, unknown> | null;
  manager: Record<string, unknown> | null;
  org: Record<string, unknown> | null;
  /** Variables computed by set nodes. */
  vars: Record<string, unknown>;
  /** Outputs of finished nodes by node id. */
  steps: Record<string, unknown>;
  /** The transition time, ISO-8601. */
  now: string;
  [key: string]: unknown;
}

/** Builds the rule data of a run at `nowIso`. Shares (never copies) the state's objects. */
export function ruleDataOf(state: Readonly<ExecutionState>, nowIso: string): RuleData {
  const { context } = state;
  return {
    trigger: context.trigger,
    event: context.event,
    employee: context.employee,
    manager: context.manager,
    org: context.org,
    vars: state.vars,
    steps: state.outputs,
    now: nowIso,
  };
}
