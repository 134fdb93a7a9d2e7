/**
 * The workflow being edited: meta, definition, selection, undo/redo, validation, save and publish.
 *
 * Writes follow n8n's apply/public split: the private `apply*` functions are the only code that
 * mutates `definition`, and each ends in `touched()`, the change hook (dirty flag + debounced
 * validation). Public actions normalise their input, record an undo step, then call `apply*`.
 */
import {
  NODE_CATALOGUE,
  validateWorkflow,
  type ConnectorCatalogue,
  type NodeKind,
  type WorkflowDefinition,
  type WorkflowEdge,
  type WorkflowNode,
} from '@coachflow/model';
import { defineStore } from 'pinia';
import { computed, ref, toRaw } from 'vue';
import type { PublishResult, VersionDetail, VersionSummary, WorkflowDetail } from '@/api/api.types';
import { isApiError } from '@/api/http';
import { getVersion, getWorkflow, listVersions, publishWorkflow, updateWorkflow } from '@/api/workflows.api';
import { initialValueFor } from '@/catalogue/catalogue';
import { copyFragment, freshEdgeId, freshNodeId, planPaste } from './clipboard';
import { useClipboardStore } from './clipboard.store';
import { createDocumentHistory } from './document-history';
import { useSessionStore } from './session.store';

/** An issue shown on the canvas and in the issues list. */
export interface DocumentIssue {
  code: string;
  message: string;
  nodeId?: string;
  /** Every node concerned (e.g. the nodes of a cycle). */
  nodeIds?: string[];
  edgeId?: string;
  /** Dotted path inside the node, e.g. `config.assignee.type`. */
  path?: string;
  severity: 'error' | 'warning';
  /** validator: the shared validator on the local document; draft: an unparsed rule text; server: the engine at publish. */
  source: 'validator' | 'draft' | 'server';
}

/** A rule text the user typed that does not parse yet; kept so it is never lost. */
export interface RuleDraft {
  nodeId: string;
  /** Config path of the rule, e.g. `rule`, `cases.0.rule`. */
  path: string;
  text: string;
  error: string;
}

export interface NewConnection {
  source: string;
  sourceHandle?: string | null;
  target: string;
}

export interface NodePosition {
  id: string;
  position: { x: number; y: number };
}

export type SaveOutcome = 'saved' | 'conflict';

/** What a copy, cut or paste did: the node ids concerned, or why nothing happened. */
export type ClipboardOutcome =
  | { ok: true; nodeIds: string[] }
  /** `empty`: nothing selected (copy/cut) or nothing copied (paste); `trigger`: the workflow has its trigger already. */
  | { ok: false; reason: 'empty' | 'trigger' };

const VALIDATE_DEBOUNCE_MS = 250;
const EMPTY: WorkflowDefinition = { nodes: [], edges: [] };

/** Definitions are JSON; a JSON round trip also strips reactive proxies. */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export const useWorkflowDocumentStore = defineStore('workflow-document', () => {
  const session = useSessionStore();
  const clipboard = useClipboardStore();

  // ---- state -------------------------------------------------------------------------------
  const workflowId = ref<string | null>(null);
  const name = ref('');
  const description = ref('');
  const revision = ref(0);
  const publishedVersion = ref<number | null>(null);
  const updatedAt = ref<string | null>(null);
  const definition = ref<WorkflowDefinition>(clone(EMPTY));
  const selectedNodeId = ref<string | null>(null);
  const dirty = ref(false);
  const validatorIssues = ref<DocumentIssue[]>([]);
  const serverIssues = ref<DocumentIssue[]>([]);
  const ruleDrafts = ref<Record<string, RuleDraft>>({});
  const conflict = ref<WorkflowDetail | null>(null);
  const saving = ref(false);
  const publishing = ref(false);
  const versions = ref<VersionSummary[]>([]);
  /** The nodes of the last paste, for the canvas to select them all. */
  const pastedNodeIds = ref<string[]>([]);
  /** Installed connectors, when known: action nodes are then validated against them. */
  let connectors: ConnectorCatalogue | undefined;

  const history = createDocumentHistory();
  /** Bumped on every history change so `canUndo`/`canRedo` stay reactive. */
  const historyTick = ref(0);
  let validateTimer: ReturnType<typeof setTimeout> | null = null;
  /** A loaded document is waiting for its first validation (see `validateAfterPaint`). */
  const validationPending = ref(false);

  // ---- derived -----------------------------------------------------------------------------
  const nodesById = computed(() => new Map(definition.value.nodes.map((n) => [n.id, n])));
  const selectedNode = computed(() => (selectedNodeId.value ? nodesById.value.get(selectedNodeId.value) ?? null : null));
  const hasTrigger = computed(() => definition.value.nodes.some((n) => n.kind === 'trigger'));
  const canUndo = computed(() => (historyTick.value, history.undoSize > 0));
  const canRedo = computed(() => (historyTick.value, history.redoSize > 0));
  const draftIssues = computed<DocumentIssue[]>(() =>
    Object.values(ruleDrafts.value).map((d) => ({
      code: 'RULE_JSON_INVALID',
      message: `${d.path}: ${d.error}`,
      nodeId: d.nodeId,
      severity: 'error',
      source: 'draft',
    })),
  );
  const issues = computed<DocumentIssue[]>(() => [...validatorIssues.value, ...draftIssues.value, ...serverIssues.value]);
  const errorCount = computed(() => issues.value.filter((i) => i.severity === 'error').length);
  const warningCount = computed(() => issues.value.filter((i) => i.severity === 'warning').length);
  const canPublish = computed(() => workflowId.value !== null && errorCount.value === 0 && !validationPending.value);

  // ---- change hook ---------------------------------------------------------------------------
  const changeListeners = new Set<() => void>();
  /** Subscribe to document changes (every apply*); returns an unsubscribe function. */
  function onDocumentChange(listener: () => void): () => void {
    changeListeners.add(listener);
    return () => changeListeners.delete(listener);
  }

  function touched(markDirty = true): void {
    if (markDirty) dirty.value = true;
    serverIssues.value = [];
    scheduleValidation();
    for (const l of changeListeners) l();
  }

  // ---- validation ----------------------------------------------------------------------------
  /** Runs the shared validator now (the same one the engine runs before publishing). */
  function validateNow(): void {
    if (validateTimer) clearTimeout(validateTimer);
    validateTimer = null;
    validationPending.value = false;
    // The plain object, not the reactive proxy: the validator only reads, and through the proxy
    // every property read of a 500-node document costs a reactive get (and a proxy per object).
    validatorIssues.value = validateWorkflow(toRaw(definition.value), connectors ? { connectors } : {}).map((i) => ({
      code: i.code,
      message: i.message,
      nodeId: i.nodeId,
      nodeIds: i.nodeIds,
      edgeId: i.edgeId,
      path: i.path,
      severity: i.severity === 'warning' ? 'warning' : 'error',
      source: 'validator',
    }));
  }

  /**
   * Validates a document just loaded once the page has shown it: in the animation frame that paints
   * the canvas, then in the task after it. The validator is the costliest step of opening a large
   * workflow (≈ 100–250 ms on a fresh page, before the JIT has warmed up); the canvas does not wait
   * for it. Until then `validationPending` (publishing waits for it; the issues list says so).
   */
  function validateAfterPaint(): void {
    validationPending.value = true;
    const run = (): void => {
      if (validationPending.value) validateNow();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
    else setTimeout(run, 0);
  }

  function scheduleValidation(): void {
    if (validateTimer) clearTimeout(validateTimer);
    validateTimer = setTimeout(validateNow, VALIDATE_DEBOUNCE_MS);
  }

  // ---- apply* (the only writers of `definition`) ---------------------------------------------
  function applyDefinition(next: WorkflowDefinition, markDirty = true): void {
    definition.value = clone(next);
    if (selectedNodeId.value && !definition.value.nodes.some((n) => n.id === selectedNodeId.value)) selectedNodeId.value = null;
    touched(markDirty);
  }

  function applyAddNode(node: WorkflowNode): void {
    definition.value.nodes.push(node);
    touched();
  }

  function applyRemoveNodes(ids: ReadonlySet<string>): void {
    definition.value.nodes = definition.value.nodes.filter((n) => !ids.has(n.id));
    definition.value.edges = definition.value.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target));
    for (const key of Object.keys(ruleDrafts.value)) {
      const d = ruleDrafts.value[key];
      if (d && ids.has(d.nodeId)) delete ruleDrafts.value[key];
    }
    if (selectedNodeId.value && ids.has(selectedNodeId.value)) selectedNodeId.value = null;
    touched();
  }

  function applyAddEdge(edge: WorkflowEdge): void {
    definition.value.edges.push(edge);
    touched();
  }

  function applyAddFragment(nodes: readonly WorkflowNode[], edges: readonly WorkflowEdge[]): void {
    definition.value.nodes.push(...clone(nodes));
    definition.value.edges.push(...clone(edges));
    touched();
  }

  function applyRemoveEdges(ids: ReadonlySet<string>): void {
    definition.value.edges = definition.value.edges.filter((e) => !ids.has(e.id));
    touched();
  }

  function applyNodePositions(positions: readonly NodePosition[]): void {
    for (const p of positions) {
      const node = nodesById.value.get(p.id);
      if (node) node.position = { x: Math.round(p.position.x), y: Math.round(p.position.y) };
    }
    touched();
  }

  function applyNodeConfig(id: string, config: unknown): void {
    const node = nodesById.value.get(id);
    if (!node) return;
    (node as { config: unknown }).config = clone(config);
    touched();
  }

  function applyNodeName(id: string, nodeName: string): void {
    const node = nodesById.value.get(id);
    if (!node) return;
    if (nodeName) node.name = nodeName;
    else delete node.name;
    touched();
  }

  // ---- public actions ----------------------------------------------------------------------
  function record(coalesceKey?: string): void {
    history.record(definition.value, coalesceKey);
    historyTick.value++;
  }

  /** Replaces the whole document with a loaded workflow; clears history, drafts and selection. */
  function load(detail: WorkflowDetail): void {
    workflowId.value = detail.id;
    name.value = detail.name;
    description.value = detail.description ?? '';
    revision.value = detail.revision;
    publishedVersion.value = detail.publishedVersion;
    updatedAt.value = detail.updatedAt;
    selectedNodeId.value = null;
    pastedNodeIds.value = [];
    ruleDrafts.value = {};
    conflict.value = null;
    history.clear();
    historyTick.value++;
    applyDefinition(detail.definition ?? EMPTY, false);
    dirty.value = false;
    validateAfterPaint();
  }

  /** An unused node id such as `task_2`. */
  function newNodeId(kind: NodeKind): string {
    return freshNodeId(kind, definition.value.nodes);
  }

  /** Position for a node added without one: right of the selected node, else right of the rightmost. */
  function nextFreePosition(): { x: number; y: number } {
    const anchor = selectedNode.value ?? [...definition.value.nodes].sort((a, b) => (b.position?.x ?? 0) - (a.position?.x ?? 0))[0];
    if (!anchor?.position) return { x: 80, y: 160 };
    let pos = { x: anchor.position.x + 300, y: anchor.position.y };
    while (definition.value.nodes.some((n) => n.position && Math.abs(n.position.x - pos.x) < 60 && Math.abs(n.position.y - pos.y) < 60)) {
      pos = { x: pos.x, y: pos.y + 120 };
    }
    return pos;
  }

  /**
   * Adds a node of `kind` with its initial config (merged with `preset`, e.g. the connector and
   * action of a palette entry). Returns the new id, or `null` when refused (a workflow has exactly
   * one trigger).
   */
  function addNode(kind: NodeKind, position?: { x: number; y: number }, preset?: Record<string, unknown>): string | null {
    if (kind === 'trigger' && hasTrigger.value) return null;
    const id = newNodeId(kind);
    const initial = initialValueFor(NODE_CATALOGUE[kind].configSchema) ?? {};
    const config = preset ? { ...(initial as Record<string, unknown>), ...clone(preset) } : initial;
    const node = { id, kind, position: position ? { x: Math.round(position.x), y: Math.round(position.y) } : nextFreePosition(), config } as WorkflowNode;
    record();
    applyAddNode(node);
    selectedNodeId.value = id;
    return id;
  }

  function removeNodes(ids: readonly string[]): void {
    const set = new Set(ids.filter((id) => nodesById.value.has(id)));
    if (set.size === 0) return;
    record();
    applyRemoveNodes(set);
  }

  /**
   * Connects two nodes. Refuses self-loops and edges into the trigger. A handle takes at most one
   * edge (the model's rule), so connecting an already used handle replaces its edge in the same
   * undo step. Returns the edge id, or `null` when refused.
   */
  function connect(conn: NewConnection): string | null {
    const source = nodesById.value.get(conn.source);
    const target = nodesById.value.get(conn.target);
    if (!source || !target || source.id === target.id || target.kind === 'trigger') return null;
    const handle = conn.sourceHandle && conn.sourceHandle !== 'out' ? conn.sourceHandle : undefined;
    const sameHandle = definition.value.edges.filter((e) => e.source === source.id && (e.sourceHandle ?? undefined) === handle);
    if (sameHandle.some((e) => e.target === target.id)) return null;
    const replaced = new Set(sameHandle.map((e) => e.id));
    const id = freshEdgeId(source.id, handle, target.id, (x) => definition.value.edges.some((e) => e.id === x && !replaced.has(e.id)));
    const edge: WorkflowEdge = handle ? { id, source: source.id, sourceHandle: handle, target: target.id } : { id, source: source.id, target: target.id };
    record();
    if (replaced.size) applyRemoveEdges(replaced);
    applyAddEdge(edge);
    return id;
  }

  function removeEdges(ids: readonly string[]): void {
    const set = new Set(ids.filter((id) => definition.value.edges.some((e) => e.id === id)));
    if (set.size === 0) return;
    record();
    applyRemoveEdges(set);
  }

  // ---- clipboard (clipboard.ts: fragments; clipboard.store.ts: this tab's clipboard) -----------
  /** Copies the nodes `ids` and the edges between them to the clipboard. */
  async function copyNodes(ids: readonly string[]): Promise<ClipboardOutcome> {
    const fragment = copyFragment(definition.value, ids);
    if (!fragment) return { ok: false, reason: 'empty' };
    await clipboard.copy(fragment);
    return { ok: true, nodeIds: fragment.nodes.map((n) => n.id) };
  }

  /** Copies, then removes the nodes (and every edge touching them) in one undo step. */
  async function cutNodes(ids: readonly string[]): Promise<ClipboardOutcome> {
    const copied = await copyNodes(ids);
    if (copied.ok) removeNodes(copied.nodeIds);
    return copied;
  }

  /**
   * Pastes the clipboard's fragment with fresh ids, one offset further than the previous paste,
   * in one undo step; the pasted nodes become the selection (`pastedNodeIds`; the first one is
   * `selectedNodeId`). A fragment holding a trigger is refused when the workflow has one.
   */
  async function paste(): Promise<ClipboardOutcome> {
    const fragment = await clipboard.read();
    if (!fragment) return { ok: false, reason: 'empty' };
    const plan = planPaste(definition.value, fragment, clipboard.nextOffset);
    if (!plan.ok) return plan;
    record();
    applyAddFragment(plan.nodes, plan.edges);
    clipboard.pasted();
    const nodeIds = plan.nodes.map((n) => n.id);
    pastedNodeIds.value = nodeIds;
    selectedNodeId.value = nodeIds[0] ?? null;
    return { ok: true, nodeIds };
  }

  /** Moves nodes (drag stop, auto-layout): one undo step for the whole move. */
  function moveNodes(positions: readonly NodePosition[]): void {
    const changed = positions.filter((p) => {
      const n = nodesById.value.get(p.id);
      return n && (n.position?.x !== Math.round(p.position.x) || n.position?.y !== Math.round(p.position.y));
    });
    if (changed.length === 0) return;
    record();
    applyNodePositions(changed);
  }

  /** Replaces a node's config; typing in one node's form coalesces into one undo step. */
  function updateNodeConfig(id: string, config: unknown): void {
    if (!nodesById.value.has(id)) return;
    record(`config:${id}`);
    applyNodeConfig(id, config);
  }

  function renameNode(id: string, nodeName: string): void {
    if (!nodesById.value.has(id)) return;
    record(`name:${id}`);
    applyNodeName(id, nodeName.trim());
  }

  function setMeta(meta: { name?: string; description?: string }): void {
    if (meta.name !== undefined) name.value = meta.name;
    if (meta.description !== undefined) description.value = meta.description;
    dirty.value = true;
  }

  /** Sets the installed connectors used by validation (unknown action, missing inputs, high impact). */
  function setConnectorCatalogue(catalogue: ConnectorCatalogue | undefined): void {
    connectors = catalogue;
    // A document waiting for its first validation gets it with this catalogue (validateAfterPaint).
    if (!validationPending.value) validateNow();
  }

  function select(id: string | null): void {
    selectedNodeId.value = id && nodesById.value.has(id) ? id : null;
  }

  function undo(): void {
    const prev = history.undo(definition.value);
    historyTick.value++;
    if (prev) applyDefinition(prev);
  }

  function redo(): void {
    const next = history.redo(definition.value);
    historyTick.value++;
    if (next) applyDefinition(next);
  }

  // ---- rule drafts -------------------------------------------------------------------------
  function draftKey(nodeId: string, path: string): string {
    return `${nodeId}::${path}`;
  }
  function setRuleDraft(nodeId: string, path: string, text: string, error: string): void {
    ruleDrafts.value[draftKey(nodeId, path)] = { nodeId, path, text, error };
  }
  function clearRuleDraft(nodeId: string, path: string): void {
    delete ruleDrafts.value[draftKey(nodeId, path)];
  }
  function ruleDraft(nodeId: string, path: string): RuleDraft | undefined {
    return ruleDrafts.value[draftKey(nodeId, path)];
  }

  // ---- server --------------------------------------------------------------------------------
  async function open(id: string): Promise<void> {
    load(await getWorkflow(session.apiContext, id));
  }

  function afterSave(saved: WorkflowDetail): void {
    revision.value = saved.revision;
    updatedAt.value = saved.updatedAt;
    publishedVersion.value = saved.publishedVersion;
    dirty.value = false;
    conflict.value = null;
  }

  /**
   * Saves with the revision the edit started from. On 409 the other revision is kept in
   * `conflict` and nothing is overwritten; the caller must call `resolveConflict`.
   */
  async function save(): Promise<SaveOutcome> {
    if (!workflowId.value) throw new Error('no workflow loaded');
    saving.value = true;
    try {
      const saved = await updateWorkflow(session.apiContext, workflowId.value, {
        name: name.value,
        description: description.value,
        definition: clone(definition.value),
        revision: revision.value,
      });
      afterSave(saved);
      return 'saved';
    } catch (e) {
      if (isApiError(e) && e.status === 409 && e.code === 'REVISION_CONFLICT') {
        const current = (e.details as { current?: WorkflowDetail } | undefined)?.current;
        conflict.value = current ?? { id: workflowId.value, name: name.value, revision: NaN, definition: EMPTY, publishedVersion: null, updatedAt: '' };
        return 'conflict';
      }
      throw e;
    } finally {
      saving.value = false;
    }
  }

  /** `reload`: discard local edits and take the other revision. `overwrite`: save mine on top of it, explicitly. */
  async function resolveConflict(choice: 'reload' | 'overwrite'): Promise<SaveOutcome> {
    const other = conflict.value;
    if (!other || !workflowId.value) return 'saved';
    if (choice === 'reload') {
      if (Number.isFinite(other.revision) && other.definition) load(other);
      else await open(workflowId.value);
      return 'saved';
    }
    if (Number.isFinite(other.revision)) revision.value = other.revision;
    else revision.value = (await getWorkflow(session.apiContext, workflowId.value)).revision;
    conflict.value = null;
    return save();
  }

  /** Publishes the saved definition (saving first when dirty). On 422 the engine's issues are shown. */
  async function publish(note?: string): Promise<PublishResult | null> {
    if (!workflowId.value) throw new Error('no workflow loaded');
    if (dirty.value) {
      const outcome = await save();
      if (outcome === 'conflict') return null;
    }
    publishing.value = true;
    try {
      const result = await publishWorkflow(session.apiContext, workflowId.value, note);
      publishedVersion.value = result.version;
      await loadVersions().catch(() => undefined);
      return result;
    } catch (e) {
      if (isApiError(e) && e.code === 'WORKFLOW_INVALID') {
        const raw = (e.details as { issues?: Array<Omit<DocumentIssue, 'source'>> } | undefined)?.issues ?? [];
        serverIssues.value = raw.map((i) => ({ ...i, severity: i.severity === 'warning' ? 'warning' : 'error', source: 'server' }));
        return null;
      }
      throw e;
    } finally {
      publishing.value = false;
    }
  }

  async function loadVersions(): Promise<void> {
    if (!workflowId.value) return;
    versions.value = (await listVersions(session.apiContext, workflowId.value)).items;
  }

  function fetchVersion(version: number): Promise<VersionDetail> {
    if (!workflowId.value) throw new Error('no workflow loaded');
    return getVersion(session.apiContext, workflowId.value, version);
  }

  /** Loads a published version's definition into the editor as an undoable change. */
  function restoreDefinition(def: WorkflowDefinition): void {
    record();
    applyDefinition(def);
  }

  return {
    // state
    workflowId, name, description, revision, publishedVersion, updatedAt, definition, selectedNodeId, dirty,
    ruleDrafts, conflict, saving, publishing, versions, pastedNodeIds, validationPending,
    // derived
    nodesById, selectedNode, hasTrigger, canUndo, canRedo, issues, errorCount, warningCount, canPublish,
    // actions
    onDocumentChange, validateNow, load, addNode, removeNodes, connect, removeEdges, moveNodes, updateNodeConfig,
    renameNode, setMeta, select, undo, redo, setRuleDraft, clearRuleDraft, ruleDraft, open, save, resolveConflict,
    publish, loadVersions, fetchVersion, restoreDefinition, setConnectorCatalogue, copyNodes, cutNodes, paste,
  };
});
