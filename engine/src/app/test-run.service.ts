/**
 * Test runs (dry runs) of a draft: the pure core runs the definition on a sample payload with every
 * effect simulated — connector actions answer `{ simulated: true }`, tasks complete with the sample
 * form data, approvals take the chosen outcome, timers fire at once, notifications are only listed.
 * Nothing is written and nothing leaves the system; the answer is the path with each step's input
 * and output, for the canvas to highlight.
 */
import { TRIGGER_CATALOGUE, UserError, isPublishable, isTriggerType, type WorkflowDefinition } from '@coachflow/model';
import { startRun, transition } from '../core/index.js';
import type { Effect, ExecutionEvent, ExecutionState, RunContext } from '../core/types.js';
import type { DirectoryService } from './directory.service.js';
import { checkSchema } from './schema-validator.js';
import type { WorkflowService } from './workflow.service.js';

export interface TestRunInput {
  definition: WorkflowDefinition;
  payload: Record<string, unknown>;
  /** Outcome simulated for approval nodes (default approved). */
  approvalOutcome?: 'approved' | 'rejected';
  /** Data simulated for completed tasks (default {}). */
  taskData?: Record<string, unknown>;
  /** Simulate every action failing (to see the failure path). */
  failActions?: boolean;
}

export interface TestRunResult {
  status: ExecutionState['status'];
  outcome: string | null;
  path: string[];
  steps: ExecutionState['steps'];
  /** What would have happened, in order (tasks, approvals, calls, notifications, timers). */
  simulated: Array<{ type: Effect['type']; nodeId?: string; detail: Record<string, unknown> }>;
  payloadProblems: Array<{ path: string; message: string }>;
  error: ExecutionState['error'] | null;
}

const MAX_ROUNDS = 200;

export class TestRunService {
  constructor(
    private readonly workflows: WorkflowService,
    private readonly directory: DirectoryService,
  ) {}

  async run(input: TestRunInput): Promise<TestRunResult> {
    // Connector calls are simulated, so a connector that is not installed here does not block a test run.
    const issues = this.workflows.validate(input.definition).filter((i) => i.code !== 'UNKNOWN_CONNECTOR' && i.code !== 'UNKNOWN_ACTION');
    if (!isPublishable(issues)) {
      throw UserError.unprocessable('WORKFLOW_INVALID', `fix the errors of the draft before a test run: ${issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; ')}`, { issues });
    }
    const trigger = input.definition.nodes.find((n) => n.kind === 'trigger');
    const type = trigger && trigger.kind === 'trigger' ? trigger.config.event : '';
    const payloadProblems = isTriggerType(type) ? checkSchema(TRIGGER_CATALOGUE[type].payload, input.payload) : [];
    const org = await this.directory.resolveContext(input.payload.employeeId);
    const context: RunContext = { event: { id: 'test-run', type, occurredAt: new Date().toISOString() }, trigger: input.payload, ...org };
    const ctx = () => ({ runId: 'test', now: new Date(), maxSteps: 500 });
    let { state, effects } = startRun(input.definition, context, ctx());
    const simulated: TestRunResult['simulated'] = [];
    for (let round = 0; round < MAX_ROUNDS && effects.length > 0; round++) {
      const answers: ExecutionEvent[] = [];
      for (const e of effects) {
        const answer = this.#simulate(e, input, simulated);
        if (answer) answers.push(answer);
      }
      effects = [];
      for (const a of answers) {
        const r = transition(input.definition, state, a, ctx());
        state = r.state;
        effects.push(...r.effects);
      }
    }
    return {
      status: state.status,
      outcome: state.outcome ?? null,
      path: state.steps.map((s) => s.nodeId),
      steps: state.steps,
      simulated,
      payloadProblems,
      error: state.error ?? null,
    };
  }

  #simulate(e: Effect, input: TestRunInput, log: TestRunResult['simulated']): ExecutionEvent | null {
    switch (e.type) {
      case 'runAction':
        log.push({ type: e.type, nodeId: e.nodeId, detail: { connector: e.connector, action: e.action, input: e.input } });
        return input.failActions
          ? { type: 'actionFailed', nodeId: e.nodeId, stepSeq: e.stepSeq, attempt: e.attempt, error: { code: 'SIMULATED_FAILURE', message: 'simulated failure', retryable: false } }
          : { type: 'actionSucceeded', nodeId: e.nodeId, stepSeq: e.stepSeq, attempt: e.attempt, output: { simulated: true } };
      case 'createTask':
        log.push({ type: e.type, nodeId: e.nodeId, detail: { title: e.title, assignee: e.assignee, dueAt: e.dueAt, form: e.form } });
        return { type: 'taskCompleted', nodeId: e.nodeId, stepSeq: e.stepSeq, taskId: 'test', completedBy: 'test-run', data: input.taskData ?? {} };
      case 'createApproval': {
        const outcome = input.approvalOutcome ?? 'approved';
        log.push({ type: e.type, nodeId: e.nodeId, detail: { title: e.title, approvers: e.approvers, mode: e.mode } });
        return { type: 'approvalDecided', nodeId: e.nodeId, stepSeq: e.stepSeq, approvalId: 'test', outcome, decisions: [{ by: 'test-run', decision: outcome, at: new Date().toISOString() }] };
      }
      case 'scheduleTimer':
        log.push({ type: e.type, nodeId: e.nodeId, detail: { at: e.at, purpose: e.purpose } });
        return { type: 'timerFired', nodeId: e.nodeId, stepSeq: e.stepSeq, purpose: e.purpose };
      case 'notify':
        log.push({ type: e.type, nodeId: e.nodeId, detail: { channel: e.channel, to: e.to, title: e.title } });
        return null;
      default:
        return null;
    }
  }
}
