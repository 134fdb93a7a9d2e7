/** The workflow list: load, create, import and export. */
import type { TriggerType, WorkflowDefinition } from '@coachflow/model';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { WorkflowDetail, WorkflowSummary } from '@/api/api.types';
import { createWorkflow, getWorkflow, listWorkflows } from '@/api/workflows.api';
import { useSessionStore } from './session.store';

/** The file format of "export JSON": what "import JSON" reads back. */
export interface WorkflowExportFile {
  format: 'coachflow.workflow';
  version: 1;
  name: string;
  description?: string;
  definition: WorkflowDefinition;
}

/** Thrown when an imported file is not a workflow export (or a bare definition). */
export class WorkflowImportError extends Error {
  constructor(readonly reason: 'json' | 'shape') {
    super(reason === 'json' ? 'not valid JSON' : 'not a Coachflow workflow');
  }
}

function isDefinition(v: unknown): v is WorkflowDefinition {
  return typeof v === 'object' && v !== null && Array.isArray((v as { nodes?: unknown }).nodes) && Array.isArray((v as { edges?: unknown }).edges);
}

/** Parses an export file; a bare `{ nodes, edges }` definition is accepted too. */
export function parseWorkflowFile(text: string, fallbackName: string): { name: string; description?: string; definition: WorkflowDefinition } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WorkflowImportError('json');
  }
  if (isDefinition(parsed)) return { name: fallbackName, definition: parsed };
  if (typeof parsed === 'object' && parsed !== null && isDefinition((parsed as { definition?: unknown }).definition)) {
    const p = parsed as { name?: unknown; description?: unknown; definition: WorkflowDefinition };
    return {
      name: typeof p.name === 'string' && p.name.trim() ? p.name : fallbackName,
      description: typeof p.description === 'string' ? p.description : undefined,
      definition: p.definition,
    };
  }
  throw new WorkflowImportError('shape');
}

/** A new workflow: just a trigger node, or a blank canvas when `event` is null. */
export function starterDefinition(event: TriggerType | null = 'kpi.deviation'): WorkflowDefinition {
  if (event === null) return { nodes: [], edges: [] };
  return { nodes: [{ id: 'trigger_1', kind: 'trigger', position: { x: 80, y: 160 }, config: { event } }], edges: [] };
}

export const useWorkflowsStore = defineStore('workflows', () => {
  const session = useSessionStore();
  const items = ref<WorkflowSummary[]>([]);
  const loading = ref(false);
  const loaded = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      items.value = (await listWorkflows(session.apiContext)).items;
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  /** Creates a workflow starting with a trigger for `event` (default kpi.deviation), or blank for `null`. */
  async function create(name: string, description?: string, event?: TriggerType | null): Promise<WorkflowDetail> {
    const created = await createWorkflow(session.apiContext, { name, description, definition: starterDefinition(event) });
    await load().catch(() => undefined);
    return created;
  }

  async function importFile(text: string, fallbackName: string): Promise<WorkflowDetail> {
    const file = parseWorkflowFile(text, fallbackName);
    const created = await createWorkflow(session.apiContext, file);
    await load().catch(() => undefined);
    return created;
  }

  /** The export file of a stored workflow, as pretty JSON text. */
  async function exportFile(id: string): Promise<{ fileName: string; text: string }> {
    const wf = await getWorkflow(session.apiContext, id);
    const file: WorkflowExportFile = { format: 'coachflow.workflow', version: 1, name: wf.name, description: wf.description, definition: wf.definition };
    const safe = wf.name.replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 80) || wf.id;
    return { fileName: `${safe}.workflow.json`, text: JSON.stringify(file, null, 2) };
  }

  return { items, loading, loaded, load, create, importFile, exportFile };
});
