/**
 * Maps the workflow document (+ validation issues, + replay steps) onto vue-flow nodes and edges.
 * `mapWorkflowToCanvas` is pure (tested directly); `useCanvasMapping` wraps it in computeds with
 * the current locale and keeps every unchanged node and edge object (and the arrays themselves when
 * nothing changed), so a re-validation or a one-node edit re-renders only what changed on the canvas.
 */
import {
  handlesOf,
  isNodeKind,
  NODE_CATALOGUE,
  type AssigneeRef,
  type WorkflowDefinition,
  type WorkflowNode,
} from '@coachflow/model';
import { computed, toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import { useI18n } from 'vue-i18n';
import { localized, triggerName } from '@/catalogue/catalogue';
import type { AppLocale } from '@/i18n';
import type { CanvasEdge, CanvasHandle, CanvasNode, CanvasNodeData, CanvasNodeIssues, CanvasNodeStatus } from './canvas.types';

/** The parts of an issue the canvas needs. */
export interface CanvasIssueInput {
  nodeId?: string;
  /** Every node concerned (e.g. a cycle); each gets the issue. */
  nodeIds?: readonly string[];
  edgeId?: string;
  severity: 'error' | 'warning';
  message: string;
}

/** The parts of a run step the canvas needs. */
export interface CanvasStepInput {
  seq: number;
  nodeId: string;
  status: CanvasNodeStatus;
  attempt: number;
  handle?: string | null;
}

export interface CanvasMappingInput {
  definition: WorkflowDefinition;
  issues?: readonly CanvasIssueInput[];
  /** Replay: the run's steps. When given, every node gets a status (`notReached` without a step). */
  steps?: readonly CanvasStepInput[] | null;
  locale: AppLocale;
  /** Translate function (vue-i18n `t`). */
  t: (key: string) => string;
}

function assigneeLabel(ref: AssigneeRef | undefined, t: (key: string) => string): string {
  if (!ref || typeof ref !== 'object') return '';
  const base = t(`assignee.type.${ref.type}`);
  if (ref.type === 'role') return `${base}: ${t(`role.${ref.role}`)}`;
  if (ref.type === 'person') return `${base}: ${ref.employeeId}`;
  return base;
}

/** One-line summary of a node's config for the card. */
export function summarizeNode(node: WorkflowNode, locale: AppLocale, t: (key: string) => string): string {
  switch (node.kind) {
    case 'trigger':
      return triggerName(node.config?.event, locale);
    case 'task': {
      const parts = [assigneeLabel(node.config?.assignee, t)];
      if (node.config?.dueIn) parts.push(node.config.dueIn);
      if (node.config?.form) parts.push(node.config.form);
      return parts.filter(Boolean).join(' · ');
    }
    case 'approval': {
      const approvers = Array.isArray(node.config?.approvers) ? node.config.approvers : [];
      return [approvers.map((a) => assigneeLabel(a, t)).join(' → '), node.config?.sla].filter(Boolean).join(' · ');
    }
    case 'action':
      return node.config?.connector ? `${node.config.connector} · ${node.config.action ?? ''}` : '';
    case 'notify':
      return node.config?.channel ? t(`enum.channel.${node.config.channel}`) : '';
    case 'delay':
      return node.config?.duration ?? (node.config?.until !== undefined ? t('canvas.summary.until') : '');
    case 'end':
      return node.config?.outcome ?? '';
    case 'switch':
      return Array.isArray(node.config?.cases) ? `${node.config.cases.length} ${t('canvas.summary.cases')}` : '';
    case 'set':
      return Array.isArray(node.config?.assignments) ? node.config.assignments.map((a) => a.name).filter(Boolean).join(', ') : '';
    default:
      return '';
  }
}

function handleLabel(node: WorkflowNode, handle: string, t: (key: string) => string): string {
  if (handle === 'out') return '';
  if (node.kind === 'switch') {
    if (handle === 'default') return t('canvas.handle.default');
    const c = node.config?.cases?.find((x) => x.id === handle);
    return c?.label || handle;
  }
  if (['true', 'false', 'approved', 'rejected'].includes(handle)) return t(`canvas.handle.${handle}`);
  return handle;
}

/** Outgoing handles of a node with their labels. */
export function handlesWithLabels(node: WorkflowNode, t: (key: string) => string): CanvasHandle[] {
  return handlesOf(node).map((id) => ({ id, label: handleLabel(node, id, t) }));
}

/** The latest step per node (highest seq) and the highest attempt. */
function latestSteps(steps: readonly CanvasStepInput[]): Map<string, { step: CanvasStepInput; attempts: number; handles: Set<string> }> {
  const out = new Map<string, { step: CanvasStepInput; attempts: number; handles: Set<string> }>();
  for (const s of [...steps].sort((a, b) => a.seq - b.seq)) {
    const prev = out.get(s.nodeId);
    const handles = prev?.handles ?? new Set<string>();
    if (s.handle) handles.add(s.handle);
    out.set(s.nodeId, { step: s, attempts: Math.max(prev?.attempts ?? 0, s.attempt), handles });
  }
  return out;
}

function replayData(status: CanvasNodeStatus, attempts: number, t: (key: string) => string): Pick<CanvasNodeData, 'status' | 'statusLabel' | 'attempts'> {
  return { status, statusLabel: t(`stepStatus.${status}`), attempts };
}

/**
 * `t` remembering each key's text: a mapping translates the same few keys (handle labels, channels,
 * assignee types) for hundreds of nodes, and a vue-i18n lookup costs far more than a map lookup.
 */
function memoized(t: (key: string) => string): (key: string) => string {
  const texts = new Map<string, string>();
  return (key) => {
    let text = texts.get(key);
    if (text === undefined) {
      text = t(key);
      texts.set(key, text);
    }
    return text;
  };
}

export function mapWorkflowToCanvas(input: CanvasMappingInput): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const { definition, locale } = input;
  const t = memoized(input.t);
  const issuesByNode = new Map<string, CanvasNodeIssues>();
  const edgeIssues = new Set<string>();
  for (const issue of input.issues ?? []) {
    if (issue.edgeId) edgeIssues.add(issue.edgeId);
    const ids = new Set([...(issue.nodeId ? [issue.nodeId] : []), ...(issue.nodeIds ?? [])]);
    for (const id of ids) {
      const entry = issuesByNode.get(id) ?? { errors: 0, warnings: 0, messages: [] };
      if (issue.severity === 'error') entry.errors++;
      else entry.warnings++;
      entry.messages.push(issue.message);
      issuesByNode.set(id, entry);
    }
  }
  const replay = input.steps ? latestSteps(input.steps) : null;

  const nodes: CanvasNode[] = definition.nodes.filter((n) => isNodeKind(n.kind)).map((node, index) => {
    const spec = NODE_CATALOGUE[node.kind];
    const kindName = localized(spec.displayName, locale);
    const r = replay?.get(node.id);
    return {
      id: node.id,
      type: node.kind,
      position: node.position ?? { x: 80 + index * 280, y: 160 },
      data: {
        kind: node.kind,
        group: spec.group,
        title: node.name || kindName,
        subtitle: node.name ? kindName : node.id,
        summary: summarizeNode(node, locale, t),
        hasInput: node.kind !== 'trigger',
        outputs: handlesWithLabels(node, t),
        issues: issuesByNode.get(node.id) ?? { errors: 0, warnings: 0, messages: [] },
        ...(replay ? replayData(r ? r.step.status : 'notReached', r?.attempts ?? 0, t) : {}),
      },
    };
  });

  const nodeById = new Map(definition.nodes.map((n) => [n.id, n]));
  const edges: CanvasEdge[] = definition.edges.map((edge) => {
    const handle = edge.sourceHandle ?? 'out';
    const source = nodeById.get(edge.source);
    const label = source ? handleLabel(source, handle, t) : '';
    let onPath: boolean | undefined;
    if (replay) {
      const s = replay.get(edge.source);
      const reachedTarget = replay.has(edge.target);
      const tookHandle = s ? s.handles.has(handle) || (s.handles.size === 0 && handle === 'out') : false;
      onPath = Boolean(s && reachedTarget && tookHandle);
    }
    const hasIssue = edgeIssues.has(edge.id);
    const classes = [hasIssue ? 'cf-edge--issue' : '', onPath ? 'cf-edge--path' : '', replay && !onPath ? 'cf-edge--dim' : ''].filter(Boolean);
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: handle,
      label: label || undefined,
      animated: onPath === true,
      class: classes.join(' ') || undefined,
      data: { handle, onPath, hasIssue },
    };
  });

  return { nodes, edges };
}

/** Whether two mapped elements render the same (they are small JSON-like objects). */
function sameElement(a: CanvasNode | CanvasEdge, b: CanvasNode | CanvasEdge): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `next` with every element equal to the one of the same id in `prev` replaced by that previous
 * object; `prev` itself when nothing changed. vue-flow assigns the given objects' fields onto its
 * own nodes and edges, so an identical object triggers nothing, while a fresh copy of every element
 * makes all 500 cards and 600 edges of a large workflow re-render after any change.
 */
export function reuseUnchanged<T extends CanvasNode | CanvasEdge>(prev: readonly T[], next: T[]): T[] {
  if (prev.length === 0) return next;
  const byId = new Map(prev.map((e) => [e.id, e]));
  let same = prev.length === next.length;
  const out = next.map((e, i) => {
    const old = byId.get(e.id);
    const kept = old && sameElement(old, e) ? old : e;
    if (kept !== prev[i]) same = false;
    return kept;
  });
  return same ? (prev as T[]) : out;
}

/** Reactive mapping for views: re-maps whenever the document, issues, steps or locale change. */
export function useCanvasMapping(sources: {
  definition: MaybeRefOrGetter<WorkflowDefinition>;
  issues?: MaybeRefOrGetter<readonly CanvasIssueInput[]>;
  steps?: MaybeRefOrGetter<readonly CanvasStepInput[] | null>;
}): { nodes: ComputedRef<CanvasNode[]>; edges: ComputedRef<CanvasEdge[]> } {
  const { t, locale } = useI18n();
  const mapped = computed(() =>
    mapWorkflowToCanvas({
      definition: toValue(sources.definition),
      issues: sources.issues ? toValue(sources.issues) : [],
      steps: sources.steps ? toValue(sources.steps) : null,
      locale: locale.value as AppLocale,
      t: (key: string) => t(key),
    }),
  );
  // A computed whose new value is the previous array notifies nobody.
  const nodes = computed<CanvasNode[]>((prev) => reuseUnchanged(prev ?? [], mapped.value.nodes));
  const edges = computed<CanvasEdge[]>((prev) => reuseUnchanged(prev ?? [], mapped.value.edges));
  return { nodes, edges };
}
