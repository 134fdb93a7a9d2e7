import type { WorkflowDefinition } from '@coachflow/model';
import { describe, expect, it } from 'vitest';
import { diffWorkflows, nodeMarks, sameJson } from '@/diff/workflow-diff';
import { ruleToText } from '@/rules/rule-text';

const v1: WorkflowDefinition = {
  nodes: [
    { id: 'start', kind: 'trigger', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation', filter: { '>=': [{ var: 'trigger.streak' }, 3] } } },
    { id: 'check', kind: 'condition', position: { x: 300, y: 0 }, config: { rule: { '==': [{ var: 'employee.jobFamily' }, 'sales'] } } },
    { id: 'coach', kind: 'task', position: { x: 600, y: 0 }, config: { title: 'Coach', assignee: { type: 'directManager' }, dueIn: 'P7D' } },
    { id: 'old', kind: 'end', position: { x: 600, y: 200 }, config: { outcome: 'skipped' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'coach' },
    { id: 'e3', source: 'check', sourceHandle: 'false', target: 'old' },
  ],
};

function v2(): WorkflowDefinition {
  const d = structuredClone(v1);
  d.nodes[0]!.config = { event: 'kpi.deviation', filter: { '>=': [{ var: 'trigger.streak' }, 4] } };
  (d.nodes[1]!.config as { rule: unknown }).rule = { and: [{ '==': [{ var: 'employee.jobFamily' }, 'sales'] }, { '>': [{ var: 'trigger.streak' }, 2] }] };
  d.nodes[2] = { ...d.nodes[2]!, name: 'Coaching', config: { title: 'Coach', assignee: { type: 'skipLevelManager' }, dueIn: 'P14D' } } as never;
  d.nodes[3] = { id: 'notify', kind: 'notify', position: { x: 600, y: 200 }, config: { channel: 'mail', to: [{ type: 'hrbp' }], body: 'FYI' } } as WorkflowDefinition['nodes'][number];
  // e2 re-created under another id: same connection; e3 goes to the new node
  d.edges = [
    { id: 'e1', source: 'start', target: 'check' },
    { id: 'e_check_true_coach', source: 'check', sourceHandle: 'true', target: 'coach' },
    { id: 'e4', source: 'check', sourceHandle: 'false', target: 'notify' },
  ];
  return d;
}

describe('diffWorkflows', () => {
  it('lists added, removed and changed nodes with the changed config fields', () => {
    const diff = diffWorkflows(v1, v2());
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 3, edgesAdded: 1, edgesRemoved: 1 });
    expect(diff.nodes.map((n) => [n.id, n.change])).toEqual([
      ['start', 'changed'], ['check', 'changed'], ['coach', 'changed'], ['notify', 'added'], ['old', 'removed'],
    ]);
    const coach = diff.nodes.find((n) => n.id === 'coach')!;
    expect(coach.name).toBe('Coaching');
    expect(coach.fields).toEqual([
      { path: 'name', before: undefined, after: 'Coaching', isRule: false },
      { path: 'config.assignee.type', before: 'directManager', after: 'skipLevelManager', isRule: false },
      { path: 'config.dueIn', before: 'P7D', after: 'P14D', isRule: false },
    ]);
    expect(diff.identical).toBe(false);
  });

  it('compares a rule as one value, marked as a rule', () => {
    const diff = diffWorkflows(v1, v2());
    const check = diff.nodes.find((n) => n.id === 'check')!;
    expect(check.fields).toHaveLength(1);
    expect(check.fields[0]).toMatchObject({ path: 'config.rule', isRule: true });
    expect(ruleToText(check.fields[0]!.before)).toBe('employee.jobFamily == "sales"');
    expect(ruleToText(check.fields[0]!.after)).toBe('employee.jobFamily == "sales" AND trigger.streak > 2');
  });

  it('reports the trigger filter change, and an event change', () => {
    const diff = diffWorkflows(v1, v2());
    expect(diff.trigger).toMatchObject({ eventChanged: false, filterChanged: true });
    expect(diff.nodes[0]!.fields).toEqual([{ path: 'config.filter', before: { '>=': [{ var: 'trigger.streak' }, 3] }, after: { '>=': [{ var: 'trigger.streak' }, 4] }, isRule: true }]);
    const other = structuredClone(v1);
    other.nodes[0]!.config = { event: 'goal.at_risk', filter: { '>=': [{ var: 'trigger.streak' }, 3] } };
    expect(diffWorkflows(v1, other).trigger).toMatchObject({ before: { event: 'kpi.deviation' }, after: { event: 'goal.at_risk' }, eventChanged: true, filterChanged: false });
    expect(diffWorkflows(v1, { nodes: [], edges: [] }).trigger).toMatchObject({ before: { event: 'kpi.deviation' }, after: null });
  });

  it('matches edges by source, handle and target, not id', () => {
    const diff = diffWorkflows(v1, v2());
    expect(diff.edges).toEqual([
      { change: 'added', edge: { id: 'e4', source: 'check', sourceHandle: 'false', target: 'notify' } },
      { change: 'removed', edge: { id: 'e3', source: 'check', sourceHandle: 'false', target: 'old' } },
    ]);
  });

  it('treats a move as layout only, and identical definitions as identical', () => {
    const moved = structuredClone(v1);
    moved.nodes[2]!.position = { x: 640, y: 32 };
    // key order does not matter
    moved.nodes[2]!.config = { dueIn: 'P7D', assignee: { type: 'directManager' }, title: 'Coach' } as never;
    const diff = diffWorkflows(v1, moved);
    expect(diff.identical).toBe(true);
    expect(diff.moved).toEqual(['coach']);
    expect(diff.trigger).toBeNull();
    expect(diffWorkflows(v1, structuredClone(v1))).toMatchObject({ identical: true, moved: [], nodes: [], edges: [] });
  });

  it('diffs switch cases item by item and keeps each case rule whole', () => {
    const a: WorkflowDefinition = {
      nodes: [{ id: 's', kind: 'switch', config: { cases: [{ id: 'hi', label: 'High', rule: { '>': [{ var: 'trigger.value' }, 10] } }, { id: 'lo', label: 'Low', rule: true }] } } as never],
      edges: [],
    };
    const b = structuredClone(a);
    const cases = (b.nodes[0]!.config as { cases: Array<{ label: string; rule: unknown }> }).cases;
    cases[0]!.rule = { '>': [{ var: 'trigger.value' }, 20] };
    cases[1]!.label = 'Lower';
    expect(diffWorkflows(a, b).nodes[0]!.fields).toEqual([
      { path: 'config.cases.0.rule', before: { '>': [{ var: 'trigger.value' }, 10] }, after: { '>': [{ var: 'trigger.value' }, 20] }, isRule: true },
      { path: 'config.cases.1.label', before: 'Low', after: 'Lower', isRule: false },
    ]);
  });

  it('keeps action input mappings (rules per field) whole', () => {
    const a: WorkflowDefinition = { nodes: [{ id: 'a', kind: 'action', config: { connector: 'lms', action: 'enrol', input: { course: 'C1', user: { var: 'employee.id' } } } } as never], edges: [] };
    const b = structuredClone(a);
    (b.nodes[0]!.config as { input: Record<string, unknown> }).input.user = { cat: ['u-', { var: 'employee.id' }] };
    expect(diffWorkflows(a, b).nodes[0]!.fields).toEqual([
      { path: 'config.input.user', before: { var: 'employee.id' }, after: { cat: ['u-', { var: 'employee.id' }] }, isRule: true },
    ]);
  });

  it('marks the added and changed nodes of the newer side for the canvas', () => {
    expect([...nodeMarks(diffWorkflows(v1, v2()))]).toEqual([['start', 'changed'], ['check', 'changed'], ['coach', 'changed'], ['notify', 'added']]);
  });

  it('sameJson ignores key order and undefined members', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: '1' })).toBe(false);
  });
});

describe('ruleToText', () => {
  it('writes logic and comparisons infix with the needed parentheses', () => {
    expect(ruleToText({ and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: 'employee.jobFamily' }, 'sales'] }] })).toBe(
      'trigger.streak >= 3 AND employee.jobFamily == "sales"',
    );
    expect(ruleToText({ and: [{ or: [{ var: 'a' }, { var: 'b' }] }, { '!': [{ var: 'c' }] }] })).toBe('(a OR b) AND NOT c');
    expect(ruleToText({ '!': { or: [true, false] } })).toBe('NOT (true OR false)');
    expect(ruleToText({ '<=': [1, { var: 'x' }, 5] })).toBe('1 <= x <= 5');
    expect(ruleToText({ in: [{ var: 'employee.jobFamily' }, ['sales', 'support']] })).toBe('employee.jobFamily IN ["sales", "support"]');
    expect(ruleToText({ '<': [{ pct_deviation: [{ var: 'trigger.value' }, { var: 'trigger.target' }] }, -10] })).toBe('pct_deviation(trigger.value, trigger.target) < -10');
    expect(ruleToText({ var: ['trigger.streak', 0] })).toBe('trigger.streak ?? 0');
    expect(ruleToText({ '*': [{ '+': [1, 2] }, 3] })).toBe('(1 + 2) * 3');
    expect(ruleToText({ if: [{ var: 'a' }, 'x', 'y'] })).toBe('(IF a THEN "x" ELSE "y")');
    expect(ruleToText(true)).toBe('true');
    expect(ruleToText(null)).toBe('null');
  });
});
