/**
 * `availableVariablesInGraph` computes a graph's parts once (ancestor sets in one topological
 * pass, each node's output schema flattened once); it must answer exactly what the former per-node
 * computation (walk the ancestors, flatten each ancestor's output) answered, node by node.
 */
import { describe, expect, it } from 'vitest';
import { assignedNames, stepOutputSchema } from './directory.js';
import { ancestorsOf, buildGraph, type WorkflowGraph } from './graph.js';
import { availableVariablesInGraph, flattenSchema, isPathAvailable, type VariableInfo } from './variables.js';
import type { WorkflowDefinition } from './workflow.types.js';

/** The per-node computation as it was before the graph pass (reference). */
function perNodeReference(graph: WorkflowGraph, nodeId: string): VariableInfo[] {
  // The base part (trigger.*, employee.*, …, now) did not change: it is what the graph's nodes
  // without edges have (no ancestors).
  const base = buildGraph(graph.nodes.values(), []);
  const out: VariableInfo[] = availableVariablesInGraph(base, base.nodes.keys().next().value ?? '');
  const ancestors = ancestorsOf(graph, nodeId);
  const vars = new Set<string>();
  for (const id of graph.nodes.keys()) {
    if (!ancestors.has(id)) continue;
    const node = graph.nodes.get(id);
    if (!node) continue;
    out.push(...flattenSchema(`steps.${id}`, stepOutputSchema(node), 'steps'));
    if (node.kind === 'set') for (const name of assignedNames(node.config)) vars.add(name);
  }
  for (const name of vars) out.push({ path: `vars.${name}`, type: 'any', source: 'vars' });
  return out;
}

function isPathAvailableReference(path: string, available: readonly VariableInfo[]): boolean {
  if (path === '') return true;
  return available.some((v) => v.path === path || v.path.startsWith(`${path}.`) || (['object', 'array', 'any'].includes(v.type) && path.startsWith(`${v.path}.`)));
}

const set = (id: string, ...names: string[]) => ({ id, kind: 'set', config: { assignments: names.map((name) => ({ name, rule: 1 })) } });

/** Branching: a condition and a switch fan out, branches re-join (diamonds), set nodes on some branches only; nodes listed out of topological order. */
const branching: WorkflowDefinition = {
  nodes: [
    { id: 'join', kind: 'task', config: {} },
    { id: 't', kind: 'trigger', config: { event: 'kpi.deviation' } },
    { id: 'c', kind: 'condition', config: { rule: true } },
    set('yes', 'a', 'shared'),
    set('no', 'b', 'shared'),
    { id: 'sw', kind: 'switch', config: {} },
    set('k1', 'c1'),
    { id: 'k2', kind: 'action', config: {} },
    { id: 'n', kind: 'notify', config: {} },
    { id: 'end1', kind: 'end', config: {} },
    { id: 'end2', kind: 'end', config: {} },
    { id: 'island', kind: 'delay', config: {} },
  ] as WorkflowDefinition['nodes'],
  edges: [
    { id: '1', source: 't', target: 'c' },
    { id: '2', source: 'c', sourceHandle: 'true', target: 'yes' },
    { id: '3', source: 'c', sourceHandle: 'false', target: 'no' },
    { id: '4', source: 'yes', target: 'join' },
    { id: '5', source: 'no', target: 'join' },
    { id: '6', source: 'join', target: 'sw' },
    { id: '7', source: 'sw', sourceHandle: 'x', target: 'k1' },
    { id: '8', source: 'sw', sourceHandle: 'y', target: 'k2' },
    { id: '9', source: 'k1', target: 'n' },
    { id: '10', source: 'k2', target: 'n' },
    { id: '11', source: 'c', sourceHandle: 'false', target: 'n' },
    { id: '12', source: 'n', target: 'end1' },
    { id: '13', source: 'yes', target: 'end2' },
    { id: '14', source: 'nowhere', target: 'end2' },
  ] as WorkflowDefinition['edges'],
};

function expectSameAsReference(definition: WorkflowDefinition): void {
  const graph = buildGraph(definition.nodes, definition.edges);
  for (const id of [...graph.nodes.keys(), 'not-a-node']) {
    const expected = perNodeReference(graph, id);
    expect(availableVariablesInGraph(graph, id), id).toEqual(expected);
    // Asked again on the same graph (cached parts): the same answer, in a new array.
    const again = availableVariablesInGraph(graph, id);
    expect(again, id).toEqual(expected);
    expect(again).not.toBe(availableVariablesInGraph(graph, id));
  }
}

describe('availableVariablesInGraph (one pass per graph)', () => {
  it('equals the per-node computation at every node of a branching graph', () => {
    expectSameAsReference(branching);
    const graph = buildGraph(branching.nodes, branching.edges);
    const paths = availableVariablesInGraph(graph, 'n').map((v) => v.path);
    expect(paths).toEqual(expect.arrayContaining(['steps.join.taskId', 'steps.k1.c1', 'steps.k2', 'vars.a', 'vars.b', 'vars.shared', 'vars.c1']));
    expect(paths).not.toContain('steps.n.channel');
    expect(availableVariablesInGraph(graph, 'end2').map((v) => v.path)).not.toContain('vars.b');
  });

  it('equals it with cycles (nodes on and after a cycle), an unknown trigger and no trigger', () => {
    const cyclic: WorkflowDefinition = {
      nodes: [{ id: 't', kind: 'trigger', config: { event: 'no.such.event' } }, set('a', 'x'), set('b', 'y'), { id: 'after', kind: 'notify', config: {} }, { id: 'self', kind: 'task', config: {} }] as WorkflowDefinition['nodes'],
      edges: [
        { id: '1', source: 't', target: 'a' },
        { id: '2', source: 'a', target: 'b' },
        { id: '3', source: 'b', target: 'a' },
        { id: '4', source: 'b', target: 'after' },
        { id: '5', source: 'self', target: 'self' },
        { id: '6', source: 't', target: 'self' },
      ] as WorkflowDefinition['edges'],
    };
    expectSameAsReference(cyclic);
    const graph = buildGraph(cyclic.nodes, cyclic.edges);
    expect(availableVariablesInGraph(graph, 'a').map((v) => v.path)).toEqual(expect.arrayContaining(['steps.t.eventId', 'steps.b.y', 'vars.y']));
    expectSameAsReference({ nodes: branching.nodes.filter((n) => n.kind !== 'trigger'), edges: branching.edges });
  });

  it('equals it on a long chain with branches skipping ahead (more than 32 nodes: several bit-set words)', () => {
    const nodes: Array<Record<string, unknown>> = [{ id: 'n0', kind: 'trigger', config: { event: 'kpi.deviation' } }];
    const edges: Array<Record<string, unknown>> = [];
    for (let i = 1; i < 90; i++) {
      nodes.push(i % 7 === 3 ? set(`n${i}`, `v${i % 5}`) : { id: `n${i}`, kind: i % 4 === 1 ? 'condition' : 'task', config: {} });
      edges.push({ id: `e${i}`, source: `n${i - 1}`, target: `n${i}` });
      if (i % 4 === 1 && i + 2 < 90) edges.push({ id: `f${i}`, source: `n${i}`, sourceHandle: 'false', target: `n${i + 2}` });
    }
    nodes.reverse();
    expectSameAsReference({ nodes, edges } as unknown as WorkflowDefinition);
  });

  it('isPathAvailable answers as before', () => {
    const graph = buildGraph(branching.nodes, branching.edges);
    const available = availableVariablesInGraph(graph, 'n');
    const probes = ['', 'trigger', 'trigger.kpi', 'trigger.kpi.name', 'trigger.kpi.name.x', 'trigger.readings.0.value', 'trigger.readingsx', 'steps', 'steps.k2', 'steps.k2.any.thing', 'steps.k2x', 'steps.join.data.x', 'steps.join.dat', 'steps.join.taskId.x', 'vars.a', 'vars.a.b', 'vars', 'vars.zz', 'now', 'now.x', 'employee.name', 'nope'];
    for (const p of probes) expect(isPathAvailable(p, available), p).toBe(isPathAvailableReference(p, available));
  });
});
