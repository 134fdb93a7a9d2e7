/**
 * Test runs of the draft in the editor (POST /workflows/test-runs): a sample payload generated from
 * the trigger's example (editable JSON; parse errors shown, never lost), the simulated approval
 * outcome, the simulated task form data and "fail every action"; the answer's path highlights the
 * canvas (until the workflow's logic changes) and each node's simulated steps show on click.
 * Nothing is written or sent by the engine for a test run.
 */
import type { WorkflowDefinition } from '@coachflow/model';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RunStep } from '@/api/api.types';
import type { TestRunResult } from '@/api/people.types';
import { testRunWorkflow } from '@/api/workflows.api';
import { triggerSpec } from '@/catalogue/catalogue';
import { useSessionStore } from './session.store';
import { useWorkflowDocumentStore } from './workflow-document.store';

/** JSON text → an object, or the reason it is not one. */
export function parseJsonObject(text: string): { value: Record<string, unknown> } | { error: 'syntax' | 'notObject'; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: 'syntax', message: e instanceof Error ? e.message : String(e) };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'notObject', message: '' };
  return { value: parsed as Record<string, unknown> };
}

/** What the test run depends on: the definition without node positions (moving a node keeps the result). */
export function logicSignature(def: WorkflowDefinition): string {
  return JSON.stringify({ nodes: def.nodes.map(({ position: _p, ...rest }) => rest), edges: def.edges });
}

export function triggerEventOf(def: WorkflowDefinition): string | null {
  const trigger = def.nodes.find((n) => n.kind === 'trigger');
  const event = (trigger?.config as { event?: unknown } | undefined)?.event;
  return typeof event === 'string' && event ? event : null;
}

/** The sample payload of a trigger type (its catalogue example), as editable JSON. */
export function samplePayloadText(event: string | null): string {
  const example = triggerSpec(event)?.example;
  return JSON.stringify(example && typeof example === 'object' ? example : {}, null, 2);
}

export const useTestRunStore = defineStore('test-run', () => {
  const session = useSessionStore();
  const doc = useWorkflowDocumentStore();

  const open = ref(false);
  const payloadText = ref('{}');
  /** The trigger type the payload was generated for (a new trigger type regenerates it). */
  const payloadFor = ref<string | null>(null);
  const approvalOutcome = ref<'approved' | 'rejected'>('approved');
  const failActions = ref(false);
  const taskDataText = ref('{}');
  const running = ref(false);
  const result = ref<TestRunResult | null>(null);
  const resultSignature = ref<string | null>(null);
  const error = ref<unknown>(null);

  const payload = computed(() => parseJsonObject(payloadText.value));
  const taskData = computed(() => parseJsonObject(taskDataText.value.trim() || '{}'));
  const payloadError = computed(() => ('error' in payload.value ? payload.value : null));
  const taskDataError = computed(() => ('error' in taskData.value ? taskData.value : null));
  const canRun = computed(() => !payloadError.value && !taskDataError.value && !running.value && doc.definition.nodes.length > 0);

  /** The result no longer matches the canvas (a node, rule or edge changed since). */
  const stale = computed(() => result.value !== null && resultSignature.value !== logicSignature(doc.definition));
  /** Steps for the canvas (the replay colouring), while the result matches the draft. */
  const canvasSteps = computed<RunStep[] | null>(() => (open.value && result.value && !stale.value ? result.value.steps : null));
  const stepsOf = (nodeId: string | null): RunStep[] => (nodeId && result.value ? result.value.steps.filter((s) => s.nodeId === nodeId) : []);

  function resetPayload(): void {
    const event = triggerEventOf(doc.definition);
    payloadText.value = samplePayloadText(event);
    payloadFor.value = event;
  }

  /** Opens the panel; a payload for another trigger type is replaced by the new trigger's example. */
  function show(): void {
    const event = triggerEventOf(doc.definition);
    if (payloadFor.value !== event || payloadText.value.trim() === '{}') resetPayload();
    open.value = true;
  }

  function hide(): void {
    open.value = false;
  }

  async function run(): Promise<TestRunResult | null> {
    const p = payload.value;
    const d = taskData.value;
    if (!('value' in p) || !('value' in d)) return null;
    running.value = true;
    error.value = null;
    const signature = logicSignature(doc.definition);
    try {
      const r = await testRunWorkflow(session.apiContext, {
        definition: doc.definition,
        payload: p.value,
        approvalOutcome: approvalOutcome.value,
        failActions: failActions.value,
        ...(Object.keys(d.value).length ? { taskData: d.value } : {}),
      });
      result.value = r;
      resultSignature.value = signature;
      return r;
    } catch (e) {
      error.value = e;
      result.value = null;
      return null;
    } finally {
      running.value = false;
    }
  }

  function reset(): void {
    open.value = false;
    result.value = null;
    resultSignature.value = null;
    error.value = null;
    payloadFor.value = null;
    payloadText.value = '{}';
    taskDataText.value = '{}';
    approvalOutcome.value = 'approved';
    failActions.value = false;
  }

  return {
    open, payloadText, payloadFor, approvalOutcome, failActions, taskDataText, running, result, error,
    payloadError, taskDataError, canRun, stale, canvasSteps, stepsOf, resetPayload, show, hide, run, reset,
  };
});
