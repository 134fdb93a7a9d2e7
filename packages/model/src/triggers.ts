/**
 * The trigger catalogue: every event type that can start a workflow, with the JSON Schema of its
 * payload. The engine validates incoming events against it; the validator and the designer's
 * variable picker read `trigger.*` paths from it.
 *
 * Convention: a payload about one employee carries `employeeId`; the engine resolves
 * `employee`, `manager` and `org` from the directory with it.
 */
import type { JsonSchema } from './json-schema.types.js';
import type { LocalizedText } from './workflow.types.js';

export const TriggerType = {
  KpiDeviation: 'kpi.deviation',
  GoalAtRisk: 'goal.at_risk',
  CoachingRecorded: 'coaching.recorded',
  PipEntered: 'pip.entered',
  PipExited: 'pip.exited',
  RotationSuggested: 'rotation.suggested',
  TrainingRequested: 'training.requested',
  StrategyDrift: 'strategy.drift',
  TaskCompleted: 'task.completed',
  ApprovalDecided: 'approval.decided',
  Schedule: 'schedule',
  Webhook: 'webhook',
} as const;
export type TriggerType = (typeof TriggerType)[keyof typeof TriggerType];

export const TRIGGER_TYPES: readonly TriggerType[] = Object.values(TriggerType);

export function isTriggerType(value: unknown): value is TriggerType {
  return typeof value === 'string' && (TRIGGER_TYPES as readonly string[]).includes(value);
}

export interface TriggerInfo {
  type: TriggerType;
  displayName: LocalizedText;
  description: LocalizedText;
  /** JSON Schema of the event payload. */
  payload: JsonSchema;
  /** An example payload that validates against `payload` (designer sample data, tests). */
  example: Record<string, unknown>;
}
