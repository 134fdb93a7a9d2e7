import { describe, expect, it } from 'vitest';
import { T0 } from '../test-support/fixtures.js';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';

describe('task handler', () => {
  it('uses defaults: empty description, no due date, normal priority, no form', () => {
    const def = wf().trigger('t').node('k', 'task', { title: 'Review {{trigger.kpi.id}}', assignee: { type: 'hrbp' } }).chain('t', 'k').build();
    const h = run(def);
    expect(h.effect('createTask')).toMatchObject({ title: 'Review sales_amount', description: '', dueAt: null, priority: 'normal', form: null });
    expect(h.effect('createTask').evidence.decisions).toEqual([]);
  });

  it('computes the due date from dueIn', () => {
    const def = wf().trigger('t').node('k', 'task', { title: 'x', assignee: { type: 'hrbp' }, dueIn: 'PT4H' }).chain('t', 'k').build();
    expect(run(def).effect('createTask').dueAt).toBe(new Date(T0.getTime() + 4 * 3_600_000).toISOString());
  });

  it('fails the run on a malformed dueIn', () => {
    const def = wf().trigger('t').node('k', 'task', { title: 'x', assignee: { type: 'hrbp' }, dueIn: 'seven days' }).chain('t', 'k').build();
    const h = run(def);
    expect(h.state.status).toBe('failed');
    expect(h.state.error).toMatchObject({ nodeId: 'k', code: 'NODE_ERROR' });
    expect(h.state.error?.message).toMatch(/dueIn/);
  });

  it('includes a trigger filter decision in the evidence', () => {
    const filter = { '>=': [{ var: 'trigger.streak' }, 3] };
    const def = wf().trigger('t', 'kpi.deviation', filter).node('k', 'task', { title: 'x', assignee: { type: 'hrbp' } }).chain('t', 'k').build();
    expect(run(def).effect('createTask').evidence.decisions).toEqual([{ nodeId: 't', rule: filter, variables: { 'trigger.streak': 3 }, result: true }]);
  });
});
