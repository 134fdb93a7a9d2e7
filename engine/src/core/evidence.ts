/** The evidence attached to tasks and approvals. */
import type { Evidence, ExecutionState } from './types.js';

/** The event, its payload and every rule decision taken on the run's path so far. */
export function evidenceOf(state: Readonly<ExecutionState>): Evidence {
  const decisions: Evidence['decisions'] = [];
  for (const step of state.steps) {
    if (step.evaluations === undefined) continue;
    for (const evaluation of step.evaluations) decisions.push({ nodeId: step.nodeId, ...evaluation });
  }
  return { event: state.context.event, payload: state.context.trigger, decisions };
}
