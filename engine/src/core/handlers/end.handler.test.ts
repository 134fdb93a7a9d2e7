import { describe, expect, it } from 'vitest';
import { NODE_KINDS } from '@coachflow/model';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';
import { NODE_HANDLERS } from './registry.js';

describe('end handler', () => {
  it('ends with the configured outcome, or null', () => {
    const withOutcome = run(wf().trigger('t').node('e', 'end', { outcome: 'closed' }).chain('t', 'e').build());
    expect(withOutcome.effects).toEqual([{ type: 'runFinished', status: 'succeeded', outcome: 'closed' }]);
    expect(withOutcome.state.outputs['e']).toEqual({ outcome: 'closed' });
    const without = run(wf().trigger('t').node('e', 'end', {}).chain('t', 'e').build());
    expect(without.effects).toEqual([{ type: 'runFinished', status: 'succeeded', outcome: null }]);
    expect(without.state.outcome).toBeUndefined();
  });

  it('stops the run even if an edge leaves the end node', () => {
    const def = wf().trigger('t').node('e', 'end', {}).node('n', 'notify', { channel: 'inapp', to: [], title: '', body: '' }).chain('t', 'e', 'n').build();
    expect(run(def).path()).toEqual(['t:succeeded', 'e:succeeded']);
  });
});

describe('handler registry', () => {
  it('has a handler for every node kind', () => {
    for (const kind of NODE_KINDS) expect(typeof NODE_HANDLERS[kind].enter).toBe('function');
  });
});
