/**
 * Checks on the graph as a whole: cycles, reachability from the trigger, dead ends, and the
 * human-in-the-loop rule for high-impact actions.
 *
 * No node kind allows loops in this version: a run visits each node at most once, so every cycle
 * is an error (a retry is a node's policy, waiting is a delay or task node, not a loop).
 */
import type { WorkflowGraph } from '../graph.js';
import { findCycles, reachableFrom } from '../graph.js';
import { handlesOf } from '../node-catalogue.js';
import { isNodeKind } from '../node-kinds.js';
import { triggerTypeOf } from '../variables.js';
import type { ConnectorCatalogue, ValidationIssue } from './validation.types.js';
import { ValidationCode as C } from './validation.types.js';

/** Trigger types whose workflows must put a human (task or approval) before any action. */
export const HIGH_IMPACT_TRIGGERS: readonly string[] = ['pip.entered', 'rotation.suggested'];

const HUMAN_KINDS: ReadonlySet<string> = new Set(['task', 'approval']);

/** Reports every cycle with its nodes. */
export function checkCycles(graph: WorkflowGraph, issues: ValidationIssue[]): void {
  for (const cycle of findCycles(graph)) {
    const first = cycle[0];
    issues.push({
      code: C.Cycle,
      severity: 'error',
      ...(first !== undefined ? { nodeId: first } : {}),
      nodeIds: cycle,
      message: `nodes ${cycle.map((id) => `"${id}"`).join(', ')} form a cycle; loops are not allowed`,
    });
  }
}

/** Reports nodes not reachable from the trigger (only when there is a trigger). */
export function checkReachability(graph: WorkflowGraph, issues: ValidationIssue[]): void {
  const triggers = [...graph.nodes.values()].filter((n) => n.kind === 'trigger').map((n) => n.id);
  if (triggers.length === 0) return;
  const reached = reachableFrom(graph, triggers);
  for (const node of graph.nodes.values()) {
    if (reached.has(node.id)) continue;
    issues.push({ code: C.UnreachableNode, severity: 'error', nodeId: node.id, message: `node "${node.id}" cannot be reached from the trigger` });
  }
}

/** Warns about handles of non-end nodes that lead nowhere (the run simply ends there). */
export function checkDeadEnds(graph: WorkflowGraph, usedHandles: Map<string, Set<string>>, issues: ValidationIssue[]): void {
  for (const node of graph.nodes.values()) {
    if (!isNodeKind(node.kind) || node.kind === 'end') continue;
    const used = usedHandles.get(node.id);
    for (const handle of handlesOf(node)) {
      if (used?.has(handle)) continue;
      issues.push({
        code: C.DeadEnd,
        severity: 'warning',
        nodeId: node.id,
        path: `handles.${handle}`,
        message: `handle "${handle}" of "${node.id}" leads nowhere; the run ends there without an end node`,
      });
    }
  }
}

/**
 * A high-impact action (flagged in the connector catalogue, or any action in a workflow started by
 * pip.entered / rotation.suggested) must be preceded by a task or approval on every path from the
 * trigger: reaching it while never passing a human node is an error.
 */
export function checkHumanInTheLoop(graph: WorkflowGraph, connectors: ConnectorCatalogue | undefined, issues: ValidationIssue[]): void {
  const triggers = [...graph.nodes.values()].filter((n) => n.kind === 'trigger').map((n) => n.id);
  if (triggers.length === 0) return;
  const type = triggerTypeOf(graph);
  const sensitiveTrigger = type !== undefined && HIGH_IMPACT_TRIGGERS.includes(type);
  const reachedWithoutHuman = reachableFrom(graph, triggers, (id) => HUMAN_KINDS.has(graph.nodes.get(id)?.kind ?? ''));
  for (const id of reachedWithoutHuman) {
    const node = graph.nodes.get(id);
    if (node?.kind !== 'action') continue;
    const flagged = isHighImpactAction(node.config, connectors);
    if (!sensitiveTrigger && !flagged) continue;
    const why = flagged ? 'is a high-impact action' : `runs in a workflow started by ${type}`;
    issues.push({
      code: C.HighImpactWithoutHuman,
      severity: 'error',
      nodeId: id,
      message: `action "${id}" ${why}; put a task or approval before it on every path from the trigger`,
    });
  }
}

function isHighImpactAction(config: unknown, connectors: ConnectorCatalogue | undefined): boolean {
  if (!connectors || typeof config !== 'object' || config === null) return false;
  const { connector, action } = config as { connector?: unknown; action?: unknown };
  if (typeof connector !== 'string' || !Object.hasOwn(connectors, connector)) return false;
  const spec = connectors[connector];
  if (spec?.highImpact === true) return true;
  if (typeof action !== 'string' || !spec || typeof spec.actions !== 'object' || spec.actions === null || !Object.hasOwn(spec.actions, action)) return false;
  return spec.actions[action]?.highImpact === true;
}
