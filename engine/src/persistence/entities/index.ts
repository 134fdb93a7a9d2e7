export { WorkflowEntity } from './workflow.entity.js';
export { WorkflowVersionEntity } from './workflow-version.entity.js';
export { EventEntity } from './event.entity.js';
export { RunEntity } from './run.entity.js';
export { RunInputEntity } from './run-input.entity.js';
export { StepEntity } from './step.entity.js';
export { ActionCallEntity } from './action-call.entity.js';
export { TimerEntity } from './timer.entity.js';
export { TaskEntity } from './task.entity.js';
export { ApprovalEntity } from './approval.entity.js';
export { NotificationEntity } from './notification.entity.js';
export { EmployeeEntity } from './employee.entity.js';
export { EmployeeVersionEntity } from './employee-version.entity.js';
export { LeaseEntity } from './lease.entity.js';
// HR signals (issue 3)
export { DepartmentEntity } from './department.entity.js';
export { TeamEntity } from './team.entity.js';
export { DataImportEntity } from './data-import.entity.js';
export { KpiDefinitionEntity } from './kpi-definition.entity.js';
export { KpiReadingEntity } from './kpi-reading.entity.js';
export { KpiStreakEntity } from './kpi-streak.entity.js';
export { ObjectiveEntity } from './objective.entity.js';
export { GoalEntity } from './goal.entity.js';
export { GoalProgressEntity } from './goal-progress.entity.js';
export { CoachingRecordEntity } from './coaching-record.entity.js';
export { PipEntity } from './pip.entity.js';
export { DriftAnalysisEntity } from './drift-analysis.entity.js';
// People in the loop (issue 4)
export {
  UserEntity,
  AuthSessionEntity,
  ApiTokenEntity,
  SignInFailureEntity,
  AuditLogEntity,
  AuditHeadEntity,
  DelegationEntity,
  WorkItemEventEntity,
  ObjectionEntity,
  SettingEntity,
} from './people.entities.js';

// Connector plugins (issue 5)
export { PluginEntity } from './plugin.entity.js';
export { ConnectorCredentialEntity } from './connector-credential.entity.js';
export { ExternalApprovalEntity } from './external-approval.entity.js';
export { CallbackEventEntity } from './callback-event.entity.js';
// Simulation and guardrails (issue 9)
export { BacktestEntity, WorkflowGuardEntity, HeldRunEntity, TaskLoadEntity, LoadCapWeekEntity } from './guardrails.entities.js';

import { PluginEntity } from './plugin.entity.js';
import { ConnectorCredentialEntity } from './connector-credential.entity.js';
import { ExternalApprovalEntity } from './external-approval.entity.js';
import { CallbackEventEntity } from './callback-event.entity.js';
import { BacktestEntity, WorkflowGuardEntity, HeldRunEntity, TaskLoadEntity, LoadCapWeekEntity } from './guardrails.entities.js';
import { WorkflowEntity } from './workflow.entity.js';
import { WorkflowVersionEntity } from './workflow-version.entity.js';
import { EventEntity } from './event.entity.js';
import { RunEntity } from './run.entity.js';
import { RunInputEntity } from './run-input.entity.js';
import { StepEntity } from './step.entity.js';
import { ActionCallEntity } from './action-call.entity.js';
import { TimerEntity } from './timer.entity.js';
import { TaskEntity } from './task.entity.js';
import { ApprovalEntity } from './approval.entity.js';
import { NotificationEntity } from './notification.entity.js';
import { EmployeeEntity } from './employee.entity.js';
import { EmployeeVersionEntity } from './employee-version.entity.js';
import { LeaseEntity } from './lease.entity.js';
import { DepartmentEntity } from './department.entity.js';
import { TeamEntity } from './team.entity.js';
import { DataImportEntity } from './data-import.entity.js';
import { KpiDefinitionEntity } from './kpi-definition.entity.js';
import { KpiReadingEntity } from './kpi-reading.entity.js';
import { KpiStreakEntity } from './kpi-streak.entity.js';
import { ObjectiveEntity } from './objective.entity.js';
import { GoalEntity } from './goal.entity.js';
import { GoalProgressEntity } from './goal-progress.entity.js';
import { CoachingRecordEntity } from './coaching-record.entity.js';
import { PipEntity } from './pip.entity.js';
import { DriftAnalysisEntity } from './drift-analysis.entity.js';
import {
  UserEntity,
  AuthSessionEntity,
  ApiTokenEntity,
  SignInFailureEntity,
  AuditLogEntity,
  AuditHeadEntity,
  DelegationEntity,
  WorkItemEventEntity,
  ObjectionEntity,
  SettingEntity,
} from './people.entities.js';

/** Every entity of the schema. */
export const ALL_ENTITIES = [
  WorkflowEntity,
  WorkflowVersionEntity,
  EventEntity,
  RunEntity,
  RunInputEntity,
  StepEntity,
  ActionCallEntity,
  TimerEntity,
  TaskEntity,
  ApprovalEntity,
  NotificationEntity,
  EmployeeEntity,
  EmployeeVersionEntity,
  LeaseEntity,
  DepartmentEntity,
  TeamEntity,
  DataImportEntity,
  KpiDefinitionEntity,
  KpiReadingEntity,
  KpiStreakEntity,
  ObjectiveEntity,
  GoalEntity,
  GoalProgressEntity,
  CoachingRecordEntity,
  PipEntity,
  DriftAnalysisEntity,
  // People in the loop (issue 4)
  UserEntity,
  AuthSessionEntity,
  ApiTokenEntity,
  SignInFailureEntity,
  AuditLogEntity,
  AuditHeadEntity,
  DelegationEntity,
  WorkItemEventEntity,
  ObjectionEntity,
  SettingEntity,
  // Connector plugins (issue 5)
  PluginEntity,
  ConnectorCredentialEntity,
  ExternalApprovalEntity,
  CallbackEventEntity,
  // Simulation and guardrails (issue 9)
  BacktestEntity,
  WorkflowGuardEntity,
  HeldRunEntity,
  TaskLoadEntity,
  LoadCapWeekEntity,
];
