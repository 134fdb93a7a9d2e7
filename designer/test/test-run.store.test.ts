import { TRIGGER_CATALOGUE } from '@coachflow/model';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkflowDetail } from '@/api/api.types';
import { useSessionStore } from '@/stores/session.store';
import { logicSignature, parseJsonObject, useTestRunStore } from '@/stores/test-run.store';
import { useWorkflowDocumentStore } from '@/stores/workflow-document.store';
import { fail, FakeEngine, meUser } from './support/fake-engine';

const DETAIL: WorkflowDetail = {
  id: '1',
  name: 'KPI → coaching',
  revision: 1,
  publishedVersion: null,
  updatedAt: '2026-02-20T10:00:00Z',
  definition: {
    nodes: [
      { id: 'trigger_1', kind: 'trigger', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation' } },
      { id: 'condition_1', kind: 'condition', position: { x: 300, y: 0 }, config: { rule: { '>=': [{ var: 'trigger.streak' }, 3] } } },
      { id: 'end_1', kind: 'end', position: { x: 600, y: 0 }, config: {} },
      { id: 'end_2', kind: 'end', position: { x: 600, y: 200 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'trigger_1', target: 'condition_1' },
      { id: 'e2', source: 'condition_1', sourceHandle: 'true', target: 'end_1' },
      { id: 'e3', source: 'condition_1', sourceHandle: 'false', target: 'end_2' },
    ],
  },
};

const RESULT = {
  status: 'succeeded',
  outcome: null,
  path: ['trigger_1', 'condition_1', 'end_1'],
  steps: [
    { seq: 1, nodeId: 'trigger_1', kind: 'trigger', status: 'succeeded', attempt: 1, input: {}, output: { streak: 3 }, startedAt: 'a' },
    { seq: 2, nodeId: 'condition_1', kind: 'condition', status: 'succeeded', attempt: 1, handle: 'true', evaluations: [{ rule: {}, variables: { 'trigger.streak': 3 }, result: true }], startedAt: 'a' },
    { seq: 3, nodeId: 'end_1', kind: 'end', status: 'succeeded', attempt: 1, startedAt: 'a' },
  ],
  simulated: [],
  payloadProblems: [{ path: '/kpi', message: 'must have required property id' }],
  error: null,
};

describe('test runs in the editor', () => {
  let engine: FakeEngine;
  beforeEach(() => {
    setActivePinia(createPinia());
    engine = new FakeEngine().on('POST /api/v1/workflows/test-runs', RESULT);
    vi.stubGlobal('fetch', engine.fetch);
    const session = useSessionStore();
    session.token = 'tok';
    session.user = meUser({ roles: ['hr_admin'] }) as never;
    useWorkflowDocumentStore().load(structuredClone(DETAIL));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts from the trigger’s example payload and reports JSON problems without losing the text', () => {
    const run = useTestRunStore();
    run.show();
    expect(JSON.parse(run.payloadText)).toEqual(TRIGGER_CATALOGUE['kpi.deviation'].example);
    run.payloadText = '{"employeeId": ';
    expect(run.payloadError?.error).toBe('syntax');
    expect(run.canRun).toBe(false);
    expect(run.payloadText).toBe('{"employeeId": ');
    run.payloadText = '[1, 2]';
    expect(run.payloadError?.error).toBe('notObject');
    expect(parseJsonObject('{"a": 1}')).toEqual({ value: { a: 1 } });
  });

  it('posts the draft, the payload and the options; the result colours the canvas until the logic changes', async () => {
    const run = useTestRunStore();
    const doc = useWorkflowDocumentStore();
    run.show();
    run.payloadText = JSON.stringify({ employeeId: 'E9003', streak: 3 });
    run.approvalOutcome = 'rejected';
    run.failActions = true;
    run.taskDataText = '{"conclusions": {"training": {"competency": "x"}}}';
    await run.run();
    const body = engine.callsTo('POST /api/v1/workflows/test-runs')[0]?.body as Record<string, unknown>;
    expect(body).toEqual({ definition: doc.definition, payload: { employeeId: 'E9003', streak: 3 }, approvalOutcome: 'rejected', failActions: true, taskData: { conclusions: { training: { competency: 'x' } } } });
    expect(run.canvasSteps?.map((s) => s.nodeId)).toEqual(['trigger_1', 'condition_1', 'end_1']);
    expect(run.stepsOf('condition_1')[0]?.handle).toBe('true');

    // moving a node keeps the highlight; changing the rule makes the result stale
    doc.moveNodes([{ id: 'end_1', position: { x: 640, y: 20 } }]);
    expect(run.stale).toBe(false);
    doc.updateNodeConfig('condition_1', { rule: { '>=': [{ var: 'trigger.streak' }, 4] } });
    expect(run.stale).toBe(true);
    expect(run.canvasSteps).toBeNull();
    // closing the panel removes the colours too
    await run.run();
    expect(run.canvasSteps).not.toBeNull();
    run.hide();
    expect(run.canvasSteps).toBeNull();
  });

  it('keeps the engine’s refusal of a draft with errors (422) for the panel', async () => {
    engine.on('POST /api/v1/workflows/test-runs', fail(422, 'WORKFLOW_INVALID', 'fix the errors', { issues: [{ code: 'DEAD_END', message: 'x', nodeId: 'end_2', severity: 'error' }] }));
    const run = useTestRunStore();
    run.show();
    expect(await run.run()).toBeNull();
    expect(run.error).toMatchObject({ status: 422 });
    expect(run.result).toBeNull();
  });

  it('the logic signature ignores positions only', () => {
    const a = logicSignature(DETAIL.definition);
    const moved = structuredClone(DETAIL.definition);
    moved.nodes[0]!.position = { x: 9, y: 9 };
    expect(logicSignature(moved)).toBe(a);
    moved.edges.pop();
    expect(logicSignature(moved)).not.toBe(a);
  });
});
