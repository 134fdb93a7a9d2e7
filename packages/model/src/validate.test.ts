import { describe, expect, it } from 'vitest';
import { codesOf, fixtureConnectors, loadWorkflow, nodeOf } from './testing/fixtures.js';
import type { FixtureName } from './testing/fixtures.js';
import { validateWorkflow } from './validate.js';
import type { WorkflowDefinition } from './workflow.types.js';
import { ValidationCode, isPublishable } from './validation/validation.types.js';

const FIXTURES: FixtureName[] = ['kpi-deviation-coaching', 'training-on-coaching', 'rotation-approval'];

describe('validateWorkflow on the reference workflows', () => {
  it.each(FIXTURES)('%s has no issue, with and without the connector catalogue', (name) => {
    expect(validateWorkflow(loadWorkflow(name))).toEqual([]);
    expect(validateWorkflow(loadWorkflow(name), { connectors: fixtureConnectors() })).toEqual([]);
  });

  it('the KPI → coaching reference is the documented scenario', () => {
    const def = loadWorkflow('kpi-deviation-coaching');
    expect(nodeOf(def, 'trigger').config).toEqual({ event: 'kpi.deviation' });
    expect(nodeOf(def, 'coach').config).toMatchObject({ assignee: { type: 'directManager' }, dueIn: 'P7D', form: 'GROW' });
    expect(isPublishable(validateWorkflow(def))).toBe(true);
  });
});

describe('isPublishable', () => {
  it('is false with an error and true with warnings only', () => {
    expect(isPublishable([])).toBe(true);
    expect(isPublishable([{ code: 'DEAD_END', message: '', severity: 'warning' }])).toBe(true);
    expect(isPublishable([{ code: 'CYCLE', message: '', severity: 'error' }])).toBe(false);
  });
});

describe('validateWorkflow never throws', () => {
  const codes = new Set<string>(Object.values(ValidationCode));

  function random(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s * 1_664_525 + 1_013_904_223) >>> 0;
      return s / 2 ** 32;
    };
  }

  function garbage(rnd: () => number, depth: number): unknown {
    const pick = Math.floor(rnd() * 9);
    const ids = ['trigger', 'check', 'coach', 'end_coached', 'x', '', '__proto__', 'constructor'];
    const id = () => ids[Math.floor(rnd() * ids.length)];
    if (depth > 3 || pick === 0) return [null, 1, 'a', true, undefined, -0, NaN][Math.floor(rnd() * 7)];
    if (pick === 1) return Array.from({ length: Math.floor(rnd() * 4) }, () => garbage(rnd, depth + 1));
    if (pick === 2) return { id: id(), kind: ['trigger', 'task', 'switch', 'set', 'action', 'weird'][Math.floor(rnd() * 6)], config: garbage(rnd, depth + 1) };
    if (pick === 3) return { id: id(), source: id(), target: id(), sourceHandle: garbage(rnd, depth + 1) };
    if (pick === 4) return { var: garbage(rnd, depth + 1) };
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [id() ?? 'k', garbage(rnd, depth + 1)]));
  }

  it('on random mutations of the fixtures and random garbage', () => {
    const rnd = random(42);
    for (let i = 0; i < 400; i++) {
      const def = loadWorkflow(FIXTURES[i % FIXTURES.length] as FixtureName) as unknown as Record<string, unknown[]>;
      const target = rnd() < 0.5 ? def.nodes : def.edges;
      if (target && target.length > 0) {
        const at = Math.floor(rnd() * target.length);
        if (rnd() < 0.5) target[at] = garbage(rnd, 0);
        else target.push(garbage(rnd, 0));
      }
      const mutated = rnd() < 0.1 ? garbage(rnd, 0) : def;
      const issues = validateWorkflow(mutated, { connectors: fixtureConnectors() });
      for (const issue of issues) {
        expect(codes.has(issue.code)).toBe(true);
        expect(['error', 'warning']).toContain(issue.severity);
        expect(typeof issue.message).toBe('string');
      }
    }
  });

  it('on hostile objects', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    expect(codesOf(validateWorkflow(hostile))).toEqual(['INVALID_DEFINITION']);
    const def = loadWorkflow('kpi-deviation-coaching') as unknown as { nodes: unknown[] };
    def.nodes.push(hostile);
    expect(() => validateWorkflow(def)).not.toThrow();
  });

  it('on huge definitions, stops at the size limit with one issue', () => {
    const nodes = Array.from({ length: 100_000 }, (_, i) => ({ id: `n${i}`, kind: 'end', config: {} }));
    expect(codesOf(validateWorkflow({ nodes, edges: [] }))).toEqual(['LIMIT_EXCEEDED']);
  });

  it('analyses a 500-node chain of set nodes, each reading the previous variable', () => {
    const nodes: unknown[] = [{ id: 't', kind: 'trigger', config: { event: 'kpi.deviation' } }];
    const edges: unknown[] = [];
    for (let i = 0; i < 498; i++) {
      nodes.push({ id: `s${i}`, kind: 'set', config: { assignments: [{ name: `v${i}`, rule: { '+': [{ var: i === 0 ? 'trigger.value' : `vars.v${i - 1}` }, 1] } }] } });
      edges.push({ id: `e${i}`, source: i === 0 ? 't' : `s${i - 1}`, target: `s${i}` });
    }
    nodes.push({ id: 'end', kind: 'end', config: {} });
    edges.push({ id: 'e-end', source: 's497', target: 'end' });
    expect(validateWorkflow({ nodes, edges })).toEqual([]);
  });
});

describe('validateWorkflow: human in the loop', () => {
  const base = (): WorkflowDefinition => ({
    nodes: [
      { id: 't', kind: 'trigger', config: { event: 'pip.entered' } },
      { id: 'c', kind: 'condition', config: { rule: { '==': [{ var: 'employee.status' }, 'active'] } } },
      { id: 'ok', kind: 'approval', config: { title: 'PIP {{employee.name}}', approvers: [{ type: 'hrbp' }], mode: 'sequential' } },
      { id: 'a', kind: 'action', config: { connector: 'hr-core', action: 'flagPip', input: { employeeId: { var: 'trigger.employeeId' } } } },
      { id: 'e', kind: 'end', config: {} },
    ],
    edges: [
      { id: '1', source: 't', target: 'c' },
      { id: '2', source: 'c', sourceHandle: 'true', target: 'ok' },
      { id: '3', source: 'ok', sourceHandle: 'approved', target: 'a' },
      { id: '4', source: 'ok', sourceHandle: 'rejected', target: 'e' },
      { id: '5', source: 'a', target: 'e' },
      { id: '6', source: 'c', sourceHandle: 'false', target: 'e' },
    ],
  });

  it('accepts an action behind an approval on every path', () => {
    expect(validateWorkflow(base())).toEqual([]);
  });

  it('accepts a rejection tolerance the approvers can absorb', () => {
    const def = base();
    def.nodes[2] = { id: 'ok', kind: 'approval', config: { title: 'PIP', approvers: [{ type: 'hrbp' }, { type: 'directManager' }, { type: 'role', role: 'hr_admin' }], mode: 'all', maxRejections: 1 } };
    expect(validateWorkflow(def)).toEqual([]);
    // A role may resolve to many approvers: a large tolerance is only checked at run time.
    def.nodes[2] = { id: 'ok', kind: 'approval', config: { title: 'PIP', approvers: [{ type: 'role', role: 'hr_admin' }], mode: 'sequential', maxRejections: 5 } };
    expect(validateWorkflow(def)).toEqual([]);
  });

  it('rejects an action one path reaches without a human', () => {
    const def = base();
    def.edges[5] = { id: '6', source: 'c', sourceHandle: 'false', target: 'a' };
    expect(codesOf(validateWorkflow(def))).toEqual(['HIGH_IMPACT_WITHOUT_HUMAN']);
  });

  it('does not apply to other triggers without flagged connectors', () => {
    const def = base();
    def.nodes[0] = { id: 't', kind: 'trigger', config: { event: 'goal.at_risk' } };
    def.edges[5] = { id: '6', source: 'c', sourceHandle: 'false', target: 'a' };
    expect(validateWorkflow(def)).toEqual([]);
  });

  it('explains why employee fields are missing on organisation-level triggers', () => {
    const def = base();
    def.nodes[0] = { id: 't', kind: 'trigger', config: { event: 'strategy.drift' } };
    const issues = validateWorkflow(def);
    expect(codesOf(issues)).toEqual(['UNKNOWN_VARIABLE']);
    expect(issues[0]?.message).toContain('not about one employee');
  });

  it('reports every problem of a broken definition at once', () => {
    const def = base() as { nodes: unknown[]; edges: unknown[] };
    def.nodes.push({ id: 'c', kind: 'end' }, { id: 'z', kind: 'delay', config: { duration: 'soon' } });
    def.edges.push({ id: '1', source: 'a', target: 'nowhere' }, { id: '7', source: 'z', target: 'z' });
    expect(codesOf(validateWorkflow(def))).toEqual(['DANGLING_EDGE', 'DUPLICATE_EDGE_ID', 'DUPLICATE_NODE_ID', 'INVALID_CONFIG', 'SELF_LOOP', 'UNREACHABLE_NODE']);
  });
});
