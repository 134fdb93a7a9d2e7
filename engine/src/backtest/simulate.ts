/**
 * One backtest run: the trigger filter checked as the event service checks it, then the pure core
 * (`startRun` / `transition`) with every effect simulated and nothing written or sent:
 * connector actions answer `{ simulated: true }`, timers (delays, retries) fire at once — the run's
 * clock moves to the timer's time, so a task after a delay is created (and counted against a load
 * cap) when the real one would be — notifications are counted. The run stops at its first human step — a task or an approval — as
 * the real run would wait there: what follows depends on that person, not on history. The path,
 * the status (`waiting` at the human step, or `succeeded` / `failed`) and the tasks and approvals
 * created are what the real run would have had (for rules that do not read `now` or action outputs).
 */
import type { AssigneeRef, WorkflowDefinition } from '@coachflow/model';
import { evaluateRule, readValues } from '@coachflow/rules';
import { startRun, transition } from '../core/index.js';
import type { Effect, ExecutionEvent, ExecutionState, RuleEvaluation, RunContext } from '../core/types.js';
import { severityOf } from '../guardrails/load-cap.js';

export interface SimTask {
  nodeId: string;
  assignee: AssigneeRef;
  title: string;
  loadCap?: { perWeek: number; maxOpen?: number };
  severity: number;
  /** When the run creates it: the event's time, later after a delay on the path (default: the event's). */
  atMs?: number;
}

export interface SimApproval {
  nodeId: string;
  approvers: AssigneeRef[];
  title: string;
  atMs?: number;
}

export interface SimRun {
  path: string[];
  status: ExecutionState['status'];
  waitingAt: string | null;
  outcome: string | null;
  error: string | null;
  tasks: SimTask[];
  approvals: SimApproval[];
  notifications: Array<{ nodeId: string; channel: string }>;
  actions: Array<{ nodeId: string; connector: string; action: string }>;
  /** Rule decisions on the path (filter first): node, variables read, result. */
  decisions: Array<{ nodeId: string; variables: Record<string, unknown>; result: unknown }>;
}

const MAX_ROUNDS = 200;

function triggerFilterOf(def: WorkflowDefinition): unknown {
  const t = def.nodes.find((n) => n.kind === 'trigger');
  return t && t.kind === 'trigger' ? t.config.filter : undefined;
}

/** The event service's check: null when the filter does not pass (no run), else its evaluation (or null evaluation without a filter). */
export function matchFilter(def: WorkflowDefinition, context: RunContext, nowIso: string): { matched: boolean; filter: RuleEvaluation | null } {
  const filter = triggerFilterOf(def);
  if (filter === undefined || filter === null) return { matched: true, filter: null };
  const data = { ...context, vars: {}, steps: {}, now: nowIso };
  try {
    const result = evaluateRule(filter, data);
    if (result && !(Array.isArray(result) && result.length === 0)) return { matched: true, filter: { rule: filter, variables: readValues(filter, data), result } };
  } catch {
    // As in the event service: a filter that cannot be evaluated starts nothing.
  }
  return { matched: false, filter: null };
}

/** Runs one matched event through the definition; nothing leaves the process. */
export function simulateRun(def: WorkflowDefinition, context: RunContext, filter: RuleEvaluation | null, now: Date, maxSteps = 500): SimRun {
  // The run's clock: the event's time, moved on by the timers it waits for.
  const ctx = { runId: 'backtest', now, maxSteps };
  const started = startRun(def, context, ctx);
  let state = started.state;
  const trigger = state.steps[0];
  const decisions: SimRun['decisions'] = [];
  if (filter) decisions.push({ nodeId: trigger?.nodeId ?? 'trigger', variables: filter.variables, result: filter.result });
  const out: SimRun = { path: [], status: state.status, waitingAt: null, outcome: null, error: null, tasks: [], approvals: [], notifications: [], actions: [], decisions };
  let effects: Effect[] = started.effects;
  let human = false;
  for (let round = 0; round < MAX_ROUNDS && effects.length > 0 && !human; round++) {
    const answers: ExecutionEvent[] = [];
    let clock = ctx.now.getTime();
    for (const e of effects) {
      switch (e.type) {
        case 'createTask':
          out.tasks.push({ nodeId: e.nodeId, assignee: e.assignee, title: e.title, ...(e.loadCap ? { loadCap: e.loadCap } : {}), severity: severityOf(e.evidence.payload), atMs: ctx.now.getTime() });
          human = true;
          break;
        case 'createApproval':
          out.approvals.push({ nodeId: e.nodeId, approvers: e.approvers, title: e.title, atMs: ctx.now.getTime() });
          human = true;
          break;
        case 'runAction':
          out.actions.push({ nodeId: e.nodeId, connector: e.connector, action: e.action });
          answers.push({ type: 'actionSucceeded', nodeId: e.nodeId, stepSeq: e.stepSeq, attempt: e.attempt, output: { simulated: true } });
          break;
        case 'scheduleTimer': {
          answers.push({ type: 'timerFired', nodeId: e.nodeId, stepSeq: e.stepSeq, purpose: e.purpose });
          const at = Date.parse(e.at);
          if (Number.isFinite(at) && at > clock) clock = at;
          break;
        }
        case 'notify':
          out.notifications.push({ nodeId: e.nodeId, channel: e.channel });
          break;
        default:
          break;
      }
    }
    effects = [];
    if (human) break;
    ctx.now = new Date(clock);
    for (const a of answers) {
      const r = transition(def, state, a, ctx);
      state = r.state;
      effects.push(...r.effects);
    }
  }
  for (const s of state.steps) {
    out.path.push(s.nodeId);
    if (s.evaluations && s.seq > 0) for (const e of s.evaluations) out.decisions.push({ nodeId: s.nodeId, variables: e.variables, result: e.result });
    else if (s.evaluations && s.seq === 0 && !filter) for (const e of s.evaluations) out.decisions.push({ nodeId: s.nodeId, variables: e.variables, result: e.result });
  }
  out.status = state.status;
  out.waitingAt = state.status === 'waiting' || state.status === 'running' ? state.current : null;
  out.outcome = state.outcome ?? null;
  out.error = state.error ? `${state.error.code}: ${state.error.message}` : null;
  return out;
}
