/**
 * Strategic objectives, the goals linked to them (department, team, individual) and key results,
 * each with a progress history per period. Used by the drift analysis and `goal.at_risk`.
 */
import type { RegionId } from './org.js';

/** Progress of a goal or key result at the end of a period, in the goal's unit. */
export interface ProgressPoint {
  period: string;
  progress: number;
}

export interface KeyResult {
  id: string;
  title: string;
  /** Owner; null = nobody has claimed it (无人认领). */
  ownerId: string | null;
  weight: number;
  target: number;
  unit: string;
  history: ProgressPoint[];
}

/** A goal at some level, linked to an objective (directly or through its parent goal). */
export interface Goal {
  id: string;
  title: string;
  level: 'department' | 'team' | 'individual';
  objectiveId?: string;
  parentGoalId?: string;
  /** Employee owning the goal (the department head or team manager for collective goals). */
  ownerId: string | null;
  departmentId: string;
  teamId?: string;
  region: RegionId;
  /** Weight of the goal in its owner's goal set (0–1). */
  weight: number;
  target: number;
  unit: string;
  /** Period the goal started. */
  startPeriod: string;
  /** Period by the end of which the target should be reached. */
  deadline: string;
  history: ProgressPoint[];
  keyResults: KeyResult[];
}

export interface StrategicObjective {
  id: string;
  title: string;
  titleEn: string;
  ownerIds: string[];
  /** Region the objective is focused on, when it is regional. */
  region?: RegionId;
  keyResults: KeyResult[];
}
