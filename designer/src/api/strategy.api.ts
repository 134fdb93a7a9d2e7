/** Strategy drift (executive, hr_admin): analyses, objectives, goals, teams. */
import type { DriftAnalysis, GoalView, ObjectiveView, TeamView } from './people.types';
import { request, toQuery, type ApiContext } from './http';

export function listAnalyses(ctx: ApiContext, objectiveId?: string, limit = 200): Promise<{ items: DriftAnalysis[] }> {
  return request(ctx, 'GET', `/strategy-drift/analyses${toQuery({ objectiveId, limit })}`);
}

export function listObjectives(ctx: ApiContext): Promise<{ items: ObjectiveView[] }> {
  return request(ctx, 'GET', '/objectives');
}

export function listGoals(ctx: ApiContext, objectiveId?: string): Promise<{ items: GoalView[] }> {
  return request(ctx, 'GET', `/goals${toQuery({ objectiveId })}`);
}

export function listTeams(ctx: ApiContext): Promise<{ items: TeamView[] }> {
  return request(ctx, 'GET', '/teams');
}
