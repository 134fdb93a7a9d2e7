import { defineEntity, p } from '@mikro-orm/core';

/**
 * A goal (department, team, individual) or a key result, linked to an objective directly or
 * through its parent goal. Progress history is in goal_progress.
 */
export const GoalEntity = defineEntity({
  name: 'Goal',
  tableName: 'goal',
  indexes: [{ properties: ['objectiveId'] }, { properties: ['parentGoalId'] }, { properties: ['ownerId'] }],
  properties: {
    id: p.string().length(64).primary(),
    kind: p.string().length(16),
    level: p.string().length(16).nullable(),
    title: p.string().length(300),
    objectiveId: p.string().length(64).nullable(),
    parentGoalId: p.string().length(64).nullable(),
    ownerId: p.string().length(64).nullable(),
    departmentId: p.string().length(64).nullable(),
    teamId: p.string().length(64).nullable(),
    region: p.string().length(32).nullable(),
    weight: p.double(),
    target: p.double(),
    unit: p.string().length(32),
    startPeriod: p.string().length(10),
    deadline: p.string().length(10),
    status: p.string().length(16).default('active'),
    updatedAt: p.bigint('number'),
  },
});
