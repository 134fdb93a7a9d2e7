/** One fixture per validation code: each definition triggers exactly that code. */
import { describe, expect, it } from 'vitest';
import { codesOf, fixtureConnectors, loadWorkflow, nodeOf } from './testing/fixtures.js';
import { validateWorkflow } from './validate.js';
import { ValidationCode } from './validation/validation.types.js';
import type { ValidationIssue, ValidationOptions } from './validation/validation.types.js';
import type { LooseDefinition } from './workflow.types.js';

type Case = { code: string; make: () => unknown; options?: ValidationOptions; check?: (issues: ValidationIssue[]) => void };

const ref = (): LooseDefinition => loadWorkflow('kpi-deviation-coaching');
const mutate = (fn: (d: LooseDefinition) => void, base: () => LooseDefinition = ref) => () => {
  const d = base();
  fn(d);
  return d;
};
const edge = (id: string, source: string, target: string, sourceHandle?: string) => ({ id, source, target, ...(sourceHandle ? { sourceHandle } : {}) });
const config = (d: LooseDefinition, id: string) => nodeOf(d, id).config as Record<string, unknown>;
/** The reference workflow with an approval node `x` between the coaching task and its ends. */
const withApproval = (cfg: Record<string, unknown>) =>
  mutate((d) => d.nodes.push({ id: 'x', kind: 'approval', config: { title: 't', ...cfg } }) && d.edges.splice(3, 1, edge('e4', 'coach', 'x'), edge('e5', 'x', 'end_coached', 'approved'), edge('e6', 'x', 'end_skipped', 'rejected')));

const CASES: Case[] = [
  { code: 'INVALID_DEFINITION', make: () => null },
  { code: 'INVALID_DEFINITION', make: () => ({ nodes: 'x', edges: [] }), check: (i) => expect(i[0]?.path).toBe('nodes') },
  { code: 'INVALID_NODE', make: mutate((d) => (d.nodes as unknown[]).push(42)) },
  { code: 'INVALID_NODE', make: mutate((d) => d.nodes.push({ id: 'bad id!', kind: 'end', config: {} })) },
  { code: 'DUPLICATE_NODE_ID', make: mutate((d) => d.nodes.push({ id: 'end_skipped', kind: 'end', config: {} })) },
  { code: 'UNKNOWN_NODE_KIND', make: mutate((d) => (nodeOf(d, 'end_coached').kind = 'finish')) },
  { code: 'NO_TRIGGER', make: () => ({ nodes: [{ id: 'end', kind: 'end', config: {} }], edges: [] }) },
  {
    code: 'MULTIPLE_TRIGGERS',
    make: mutate((d) => {
      d.nodes.push({ id: 'trigger2', kind: 'trigger', config: { event: 'kpi.deviation' } });
      d.edges.push(edge('e9', 'trigger2', 'check'));
    }),
  },
  { code: 'TRIGGER_HAS_INCOMING', make: mutate((d) => d.edges.push(edge('e9', 'coach', 'trigger'))) },
  { code: 'INVALID_EDGE', make: mutate((d) => (d.edges as unknown[]).push({ id: 'e9', source: 5, target: 'coach' })) },
  { code: 'DUPLICATE_EDGE_ID', make: mutate((d) => d.edges[2] && (d.edges[2].id = 'e2')) },
  { code: 'DANGLING_EDGE', make: mutate((d) => d.edges.push(edge('e9', 'ghost', 'end_skipped'))) },
  { code: 'DUPLICATE_EDGE', make: mutate((d) => d.edges.push(edge('e9', 'coach', 'end_coached', 'out'))) },
  {
    code: 'UNKNOWN_HANDLE',
    make: mutate((d) => d.edges.push(edge('e9', 'check', 'end_skipped', 'maybe'))),
    check: (i) => expect(i[0]?.message).toContain('true, false'),
  },
  { code: 'HANDLE_FANOUT', make: mutate((d) => d.edges.push(edge('e9', 'check', 'end_coached', 'false'))) },
  { code: 'SELF_LOOP', make: mutate((d) => d.edges.push(edge('e9', 'coach', 'coach'))) },
  {
    code: 'CYCLE',
    make: () => ({
      nodes: [
        { id: 't', kind: 'trigger', config: { event: 'goal.at_risk' } },
        { id: 's1', kind: 'set', config: { assignments: [{ name: 'x', rule: 1 }] } },
        { id: 'c', kind: 'condition', config: { rule: { '<': [{ var: 'vars.x' }, 3] } } },
        { id: 's2', kind: 'set', config: { assignments: [{ name: 'y', rule: { var: 'trigger.progress' } }] } },
        { id: 'e', kind: 'end', config: {} },
      ],
      edges: [edge('1', 't', 's1'), edge('2', 's1', 'c'), edge('3', 'c', 's2', 'true'), edge('4', 's2', 'c'), edge('5', 'c', 'e', 'false')],
    }),
    check: (i) => expect([...(i[0]?.nodeIds ?? [])].sort()).toEqual(['c', 's2']),
  },
  { code: 'UNREACHABLE_NODE', make: mutate((d) => d.nodes.push({ id: 'orphan', kind: 'end', config: {} })) },
  {
    code: 'DEAD_END',
    make: mutate((d) => {
      d.nodes = d.nodes.filter((n) => n.id !== 'end_skipped');
      d.edges = d.edges.filter((e) => e.target !== 'end_skipped');
    }),
    check: (i) => expect(i[0]).toMatchObject({ severity: 'warning', nodeId: 'check', path: 'handles.false' }),
  },
  {
    code: 'INVALID_CONFIG',
    make: mutate((d) => delete config(d, 'coach').assignee),
    check: (i) => expect(i[0]).toMatchObject({ nodeId: 'coach', path: 'config.assignee', message: 'coach: assignee is required' }),
  },
  {
    code: 'INVALID_CONFIG',
    make: mutate((d) => (config(d, 'coach').dueIn = '7 days')),
    check: (i) => expect(i[0]?.message).toContain('dueIn'),
  },
  { code: 'INVALID_CONFIG', make: mutate((d) => (nodeOf(d, 'check').config = 'rule')) },
  {
    code: 'INVALID_CONFIG',
    make: withApproval({ approvers: [{ type: 'hrbp' }], mode: 'quorum', quorum: 2 }),
    check: (i) => expect(i[0]?.path).toBe('config.quorum'),
  },
  {
    code: 'INVALID_CONFIG',
    make: withApproval({ mode: 'all', approvers: [{ type: 'directManager' }, { type: 'hrbp' }], maxRejections: -1 }),
    check: (i) => expect(i[0]?.path).toBe('config.maxRejections'),
  },
  {
    code: 'INVALID_CONFIG',
    make: withApproval({ mode: 'sequential', approvers: [{ type: 'directManager' }, { type: 'hrbp' }], maxRejections: 2 }),
    check: (i) => expect(i[0]).toMatchObject({ path: 'config.maxRejections', message: expect.stringContaining('every one of the 2 approver(s)') }),
  },
  {
    code: 'INVALID_CONFIG',
    make: withApproval({ mode: 'quorum', quorum: 2, approvers: [{ type: 'directManager' }, { type: 'skipLevel' }, { type: 'hrbp' }], maxRejections: 2 }),
    check: (i) => expect(i[0]?.message).toContain('a quorum of 2 of 3 can absorb'),
  },
  {
    code: 'INVALID_CONFIG',
    make: withApproval({ mode: 'any', approvers: [{ type: 'hrbp' }, { type: 'directManager' }], maxRejections: 1, external: { connector: 'approval-feishu', input: {} } }),
    check: (i) => expect(i.find((x) => x.path === 'config.maxRejections')?.message).toContain('external approval'),
  },
  { code: 'UNKNOWN_TRIGGER_TYPE', make: mutate((d) => (config(d, 'trigger').event = 'kpi.changed')) },
  {
    code: 'INVALID_RULE',
    make: mutate((d) => (config(d, 'check').rule = { and: [{ frobnicate: [1] }, true] })),
    check: (i) => expect(i[0]?.path).toMatch(/^config\.rule\.and/),
  },
  {
    code: 'UNKNOWN_VARIABLE',
    make: mutate((d) => (config(d, 'check').rule = { '>=': [{ var: 'trigger.streakk' }, 3] })),
    check: (i) => expect(i[0]).toMatchObject({ severity: 'error', path: 'config.rule', nodeId: 'check' }),
  },
  { code: 'UNKNOWN_VARIABLE', make: mutate((d) => (config(d, 'check').rule = { '==': [{ var: 'vars.x' }, 1] })) },
  { code: 'UNKNOWN_VARIABLE', make: mutate((d) => (config(d, 'check').rule = { var: 'steps.coach.completedBy' })) },
  { code: 'UNKNOWN_VARIABLE', make: mutate((d) => (config(d, 'coach').title = '辅导 {{employee.nmae}}')) },
  { code: 'UNKNOWN_VARIABLE', make: mutate((d) => (config(d, 'trigger').event = 'strategy.drift') || (config(d, 'check').rule = true)) },
  {
    code: 'UNKNOWN_VARIABLE',
    make: mutate((d) => (config(d, 'check').rule = { '==': [{ var: ['trigger.extraEvidence', 0] }, 1] })),
    check: (i) => expect(i[0]?.severity).toBe('warning'),
  },
  {
    code: 'DUPLICATE_CASE_ID',
    make: mutate((d) => {
      const check = nodeOf(d, 'check');
      check.kind = 'switch';
      check.config = { cases: [{ id: 'low', rule: { var: 'trigger.streak' } }, { id: 'low', rule: false }] };
      d.edges = [edge('e1', 'trigger', 'check'), edge('e2', 'check', 'coach', 'low'), edge('e3', 'check', 'end_skipped', 'default'), edge('e4', 'coach', 'end_coached')];
    }),
  },
  {
    code: 'UNKNOWN_CONNECTOR',
    make: () => loadWorkflow('training-on-coaching'),
    options: { connectors: { 'talent-mobility': fixtureConnectors()['talent-mobility'] ?? { actions: {} } } },
  },
  { code: 'UNKNOWN_ACTION', make: () => loadWorkflow('training-on-coaching'), options: { connectors: { 'lms-moodle': { actions: {} } } } },
  {
    code: 'INVALID_CONFIG',
    make: mutate((d) => delete (config(d, 'request').input as Record<string, unknown>).rationale, () => loadWorkflow('rotation-approval')),
    options: { connectors: fixtureConnectors() },
    check: (i) => expect(i[0]?.message).toContain('"rationale" required by talent-mobility/createRotationRequest'),
  },
  { code: 'LIMIT_EXCEEDED', make: ref, options: { maxNodes: 3 } },
  { code: 'LIMIT_EXCEEDED', make: mutate((d) => (d.edges as unknown[]).push(...Array.from({ length: 2001 }, (_, i) => edge(`x${i}`, 'a', 'b')))) },
  {
    code: 'LIMIT_EXCEEDED',
    make: ref,
    options: { ruleLimits: { maxDepth: 2 } },
    check: (i) => expect(i[0]).toMatchObject({ nodeId: 'check', path: expect.stringMatching(/^config\.rule/) }),
  },
  {
    code: 'HIGH_IMPACT_WITHOUT_HUMAN',
    make: mutate(
      (d) => {
        d.nodes = d.nodes.filter((n) => n.id !== 'approve' && n.id !== 'tell_employee' && n.id !== 'end_rejected');
        d.edges = [edge('e1', 'trigger', 'request'), edge('e4', 'request', 'end_requested')];
        // without the approval step there is no approver to name as the requester
        (config(d, 'request').input as Record<string, unknown>).requestedBy = 'hr';
      },
      () => loadWorkflow('rotation-approval'),
    ),
    check: (i) => expect(i[0]?.nodeId).toBe('request'),
  },
  {
    code: 'HIGH_IMPACT_WITHOUT_HUMAN',
    make: () => loadWorkflow('training-on-coaching'),
    options: { connectors: { 'lms-moodle': { highImpact: true, actions: fixtureConnectors()['lms-moodle']?.actions ?? {} } } },
  },
];

describe('validateWorkflow: one fixture per code', () => {
  it('covers every code', () => {
    expect(new Set(CASES.map((c) => c.code))).toEqual(new Set(Object.values(ValidationCode)));
  });

  it.each(CASES.map((c, i) => [`${c.code} #${i}`, c] as const))('%s', (_name, c) => {
    const issues = validateWorkflow(c.make(), c.options);
    expect(codesOf(issues), JSON.stringify(issues, null, 1)).toEqual([c.code]);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5);
    c.check?.(issues);
  });
});
