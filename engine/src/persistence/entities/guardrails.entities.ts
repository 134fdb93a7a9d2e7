import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/**
 * Simulation and guardrails (issue 9): backtests of drafts, the blast-radius brake (per-workflow
 * limits, held runs) and the manager load cap (queued tasks). See engine/src/guardrails/README.md.
 */

/** A backtest job: a draft replayed over a window of history, run in the API process. */
export const BacktestEntity = defineEntity({
  name: 'Backtest',
  tableName: 'backtest',
  indexes: [{ properties: ['status', 'id'] }, { properties: ['workflowId', 'id'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    /** queued | running | succeeded | failed | cancelled */
    status: p.string().length(16),
    /** 0..1 */
    progress: p.double().default(0),
    /** The workflow the draft belongs to (for the difference from its published version). */
    workflowId: p.integer().nullable(),
    /** { definition, window, workflowId } as posted. */
    params: jsonText(),
    /** The report (null until succeeded). */
    result: jsonText().nullable(),
    error: jsonText().nullable(),
    /** Set by POST …/cancel; the runner stops at its next yield. */
    cancelRequested: p.boolean().default(false),
    /** Process running it (host:pid:…). */
    runner: p.string().length(120).nullable(),
    createdBy: p.string().length(200).nullable(),
    createdAt: p.bigint('number'),
    startedAt: p.bigint('number').nullable(),
    /** Heartbeat of the runner (progress writes); a running backtest without one for long was interrupted. */
    updatedAt: p.bigint('number'),
    finishedAt: p.bigint('number').nullable(),
  },
});

/** Per-workflow brake: limits (null = the defaults) and whether the workflow is paused. */
export const WorkflowGuardEntity = defineEntity({
  name: 'WorkflowGuard',
  tableName: 'workflow_guard',
  properties: {
    workflowId: p.integer().primary().autoincrement(false),
    /** GuardLimits overrides (JSON); null = the hr_admin defaults. */
    limits: jsonText().nullable(),
    paused: p.boolean().default(false),
    pausedAt: p.bigint('number').nullable(),
    /** Why the brake tripped: which limit, observed value, the event that tripped it. */
    pauseReason: jsonText().nullable(),
    /** Last release/discard: runs started before it do not count against the limits any more. */
    resumedAt: p.bigint('number').nullable(),
    updatedAt: p.bigint('number'),
    updatedBy: p.string().length(200).nullable(),
  },
});

/** A run the brake held: stored (the `run` row has status `held`), not started, until released or discarded. */
export const HeldRunEntity = defineEntity({
  name: 'HeldRun',
  tableName: 'held_run',
  indexes: [{ properties: ['workflowId', 'status', 'runId'] }, { properties: ['status', 'runId'] }],
  properties: {
    runId: p.bigint('number').primary().autoincrement(false),
    workflowId: p.integer(),
    eventId: p.bigint('number'),
    employeeId: p.string().length(64).nullable(),
    teamId: p.string().length(64).nullable(),
    /** The core's RunContext as it was at the event (directory included). */
    context: jsonText(),
    /** The trigger filter's evaluation (evidence), when it had one. */
    filter: jsonText().nullable(),
    /** Which limit held it. */
    reason: jsonText(),
    /** held | released | discarded */
    status: p.string().length(16),
    createdAt: p.bigint('number'),
    decidedAt: p.bigint('number').nullable(),
    decidedBy: p.string().length(200).nullable(),
  },
});

/** A task of a node with a load cap: counted against its week, or queued until capacity frees. */
export const TaskLoadEntity = defineEntity({
  name: 'TaskLoad',
  tableName: 'task_load',
  indexes: [{ properties: ['status', 'assigneeId'] }, { properties: ['assigneeId', 'status'] }, { properties: ['workflowId', 'nodeId', 'assigneeId', 'status'] }],
  properties: {
    taskId: p.bigint('number').primary().autoincrement(false),
    runId: p.bigint('number'),
    workflowId: p.integer(),
    nodeId: p.string().length(100),
    assigneeId: p.string().length(64),
    /** counted (open at once) | queued | released | dropped (its run ended while queued) */
    status: p.string().length(16),
    /** Severity of the signal (streak × |% deviation| for KPI deviations). */
    severity: p.double(),
    perWeek: p.integer(),
    maxOpen: p.integer().nullable(),
    /** ISO week (UTC) the task reached the inbox in; null while queued. */
    week: p.string().length(10).nullable(),
    queuedAt: p.bigint('number').nullable(),
    releasedAt: p.bigint('number').nullable(),
    createdAt: p.bigint('number'),
  },
});

/** Tasks that reached an assignee's inbox per capped node and ISO week: the conditional counter the cap is enforced with. */
export const LoadCapWeekEntity = defineEntity({
  name: 'LoadCapWeek',
  tableName: 'load_cap_week',
  properties: {
    workflowId: p.integer().primary().autoincrement(false),
    nodeId: p.string().length(100).primary(),
    assigneeId: p.string().length(64).primary(),
    week: p.string().length(10).primary(),
    received: p.integer().default(0),
  },
});
