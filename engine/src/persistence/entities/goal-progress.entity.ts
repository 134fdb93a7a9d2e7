import { defineEntity, p } from '@mikro-orm/core';

/** Progress of a goal or key result at the end of a period (an update for the same period replaces it). */
export const GoalProgressEntity = defineEntity({
  name: 'GoalProgress',
  tableName: 'goal_progress',
  properties: {
    goalId: p.string().length(64).primary(),
    period: p.string().length(10).primary(),
    progress: p.double(),
    updatedBy: p.string().length(64).nullable(),
    updatedAt: p.bigint('number'),
  },
});
