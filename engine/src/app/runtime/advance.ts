/**
 * The `advance` job: applies a run's unprocessed inputs to the pure core, in order, and writes the
 * new state, its steps and its effects in one transaction (row-locked on MySQL, so two workers never
 * advance the same run at once). Effects that leave the database (connector calls) are enqueued
 * after the commit.
 */
import { isRunFinished, type RunStatus, type WorkflowDefinition } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { startRun, transition } from '../../core/index.js';
import type { Effect, ExecutionEvent, ExecutionState, RunContext, RuleEvaluation, StepRecord } from '../../core/types.js';
import { fromJson, fromJsonOrNull, toJson } from '../../persistence/json.js';
import { insertRow, insertRows, nextAutoincrementId, updateWhere } from '../../persistence/fast-sql.js';
import { isSqlite } from '../../persistence/sqlite-transaction.js';
import type { Job } from '../../queue/job-queue.port.js';
import { performDbEffects } from './effects.js';
import type { RuntimeDeps } from './runtime-deps.js';

type Row = Record<string, unknown>;

interface StartInput {
  type: 'start';
  context: RunContext;
  filter: RuleEvaluation | null;
}

function stepRow(runId: number, s: StepRecord): Row {
  return {
    run_id: runId,
    seq: s.seq,
    node_id: s.nodeId,
    kind: s.kind,
    status: s.status,
    attempt: s.attempt,
    input: toJson(s.input),
    output: toJson(s.output),
    error: toJson(s.error),
    handle: s.handle ?? null,
    evaluations: toJson(s.evaluations),
    started_at: Date.parse(s.startedAt),
    finished_at: s.finishedAt ? Date.parse(s.finishedAt) : null,
  };
}

async function writeSteps(trx: Knex, runId: number, before: StepRecord[], after: StepRecord[]): Promise<void> {
  const inserts: Row[] = [];
  for (const s of after) {
    const old = before[s.seq];
    if (!old) inserts.push(stepRow(runId, s));
    else if (JSON.stringify(old) !== JSON.stringify(s)) {
      const { run_id: _r, seq: _s, ...patch } = stepRow(runId, s);
      await trx('step').where({ run_id: runId, seq: s.seq }).update(patch);
    }
  }
  await insertRows(trx, 'step', inserts);
}

interface PersistedChange {
  jobs: Job[];
  finishedNow: RunStatus | null;
  newSteps: StepRecord[];
}

/** The run row fields the persistence of a change needs. */
export interface RunHead {
  id: number;
  workflowId: number;
  employeeId: string | null;
  status: string;
  finishedAt: number | null;
  /** The row of a run not stored yet ({@link newRunWithin}): inserted once, with the state its start reaches. */
  pending?: NewRunRow;
}

/** The columns of a new run (status `running`, no state yet). */
export interface NewRunRow {
  workflow_id: number;
  version_id: number;
  version: number;
  event_id: number;
  employee_id: string | null;
  status: string;
  current_node: null;
  state: null;
  error: null;
  outcome: null;
  started_at: number;
  updated_at: number;
  finished_at: null;
}

/** The row of a run that an event starts now. */
export function newRunRow(version: { workflowId: number; id: number; version: number }, eventId: number, employeeId: string | null, now: number): NewRunRow {
  return {
    workflow_id: version.workflowId,
    version_id: version.id,
    version: version.version,
    event_id: eventId,
    employee_id: employeeId,
    status: 'running',
    current_node: null,
    state: null,
    error: null,
    outcome: null,
    started_at: now,
    updated_at: now,
    finished_at: null,
  };
}

/**
 * A run about to start inside `trx`. On the embedded database its id is taken now (the id SQLite
 * would give it, `nextAutoincrementId`) and the row is written once by {@link persistChange} (or
 * `Brake.hold`), with the state the core reaches: one insert instead of an insert of an empty run and
 * an update that rewrites the row and its status/finished indexes. On MySQL, where another
 * transaction may take ids meanwhile, it is inserted now and updated then.
 */
export async function newRunWithin(trx: Knex, row: NewRunRow): Promise<RunHead> {
  const head = { workflowId: row.workflow_id, employeeId: row.employee_id, status: row.status, finishedAt: null };
  if (isSqlite(trx)) {
    const id = await nextAutoincrementId(trx, 'run');
    return { id, ...head, pending: row };
  }
  return { id: await insertRow(trx, 'run', row as unknown as Row), ...head };
}

/** Stores a run given by {@link newRunWithin} with the columns it has now, if it is not stored yet. */
export async function storePendingRun(trx: Knex, run: RunHead, columns: Partial<Record<keyof NewRunRow, unknown>>): Promise<boolean> {
  if (!run.pending) return false;
  await insertRow(trx, 'run', { id: run.id, ...run.pending, ...columns });
  run.pending = undefined;
  return true;
}

/**
 * Writes a run's new state inside the caller's transaction: changed steps, the effects that are
 * rows (tasks, approvals, timers, notifications, connector calls) and the run row itself.
 */
async function persistChange(trx: Knex, deps: RuntimeDeps, run: RunHead, before: StepRecord[], state: ExecutionState, effects: Effect[], now: number): Promise<PersistedChange> {
  const finished = isRunFinished(state.status);
  const columns = {
    status: state.status,
    current_node: state.current,
    state: toJson(state),
    error: toJson(state.error),
    outcome: state.outcome ?? null,
    updated_at: now,
    finished_at: finished ? (run.finishedAt ?? now) : null,
  };
  const stored = await storePendingRun(trx, run, columns);
  await writeSteps(trx, run.id, before, state.steps);
  const jobs = await performDbEffects(trx, { id: run.id, workflowId: run.workflowId, employeeId: run.employeeId }, state, effects, deps.directory, now);
  if (!stored) await updateWhere(trx, 'run', 'id', run.id, columns);
  return { jobs, finishedNow: finished && run.status !== state.status ? state.status : null, newSteps: state.steps.slice(before.length) };
}

function observe(deps: RuntimeDeps, change: PersistedChange, started: bigint): void {
  const { metrics } = deps;
  if (change.finishedNow) metrics.inc('coachflow_runs_finished_total', 'Runs that reached a final status', { status: change.finishedNow });
  metrics.observe('coachflow_advance_duration_seconds', 'Time to advance a run by its pending inputs', {}, Number(process.hrtime.bigint() - started) / 1e9);
  for (const s of change.newSteps) {
    if (s.finishedAt) {
      metrics.observe('coachflow_step_duration_seconds', 'Step latency from start to finish', { kind: s.kind }, (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000);
    }
  }
}

/**
 * Starts a freshly inserted run inside the ingestion transaction: the core runs from the trigger
 * until the run waits or ends, and everything it decided is committed with the event. A run with
 * no waiting node is complete at commit; there is no separate start job to lose.
 */
export async function startRunWithin(
  trx: Knex,
  deps: RuntimeDeps,
  run: RunHead,
  definition: WorkflowDefinition,
  context: RunContext,
  filter: RuleEvaluation | null,
  now: number,
): Promise<Job[]> {
  const started = process.hrtime.bigint();
  const r = startRun(definition, context, { runId: String(run.id), now: new Date(now), maxSteps: deps.config.maxRunSteps });
  const trigger = r.state.steps[0];
  if (trigger && filter) trigger.evaluations = [filter, ...(trigger.evaluations ?? [])];
  const change = await persistChange(trx, deps, run, [], r.state, r.effects, now);
  observe(deps, change, started);
  return change.jobs;
}

/** Processes every pending input of one run. Returns the jobs to enqueue (already committed). */
export async function advanceRun(deps: RuntimeDeps, runId: number): Promise<Job[]> {
  const { knex, workflows, config } = deps;
  // Read the version outside the transaction: SQLite has a single connection, and versions are immutable.
  const head = (await knex('run').where({ id: runId }).first('version_id')) as Row | undefined;
  if (!head) return [];
  const version = await workflows.getVersionById(Number(head.version_id));
  const definition: WorkflowDefinition = version.definition;
  const started = process.hrtime.bigint();

  const change = await knex.transaction(async (trx) => {
    const q = trx('run').where({ id: runId });
    const run = (await (deps.driver === 'mysql' ? q.forUpdate() : q).first()) as Row | undefined;
    if (!run) return null;
    const inputs = (await trx('run_input').where({ run_id: runId, processed: false }).orderBy('id', 'asc')) as Row[];
    if (inputs.length === 0) return null;

    const now = Date.now();
    const tctx = { runId: String(runId), now: new Date(now), maxSteps: config.maxRunSteps };
    let state = fromJsonOrNull<ExecutionState>(run.state);
    const before = state?.steps ?? [];
    const effects: Effect[] = [];
    for (const input of inputs) {
      const payload = fromJson<Record<string, unknown>>(input.payload);
      if (payload.type === 'start') {
        if (state) continue; // started already: a redelivered start is a no-op
        const start = payload as unknown as StartInput;
        const r = startRun(definition, start.context, tctx);
        state = r.state;
        const trigger = state.steps[0];
        if (trigger && start.filter) trigger.evaluations = [start.filter, ...(trigger.evaluations ?? [])];
        effects.push(...r.effects);
      } else if (state) {
        const r = transition(definition, state, payload as unknown as ExecutionEvent, tctx);
        state = r.state;
        effects.push(...r.effects);
      }
    }
    await trx('run_input').whereIn('id', inputs.map((i) => Number(i.id))).update({ processed: true });
    if (!state) return null;
    const runHead: RunHead = {
      id: runId,
      workflowId: Number(run.workflow_id),
      employeeId: (run.employee_id as string | null) ?? null,
      status: String(run.status),
      finishedAt: run.finished_at === null || run.finished_at === undefined ? null : Number(run.finished_at),
    };
    return persistChange(trx, deps, runHead, before, state, effects, now);
  });
  if (!change) return [];
  observe(deps, change, started);
  return change.jobs;
}
