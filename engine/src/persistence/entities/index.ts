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
export { LeaseEntity } from './lease.entity.js';

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
import { LeaseEntity } from './lease.entity.js';

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
  LeaseEntity,
];
