import { describe, expect, it } from 'vitest';
import { chainOutcome, type Decision } from './task.service.js';

const d = (by: string, decision: 'approved' | 'rejected'): Decision => ({ by, decision, at: '2026-01-01T00:00:00Z' });

describe('approval chain outcome', () => {
  it('sequential / all: every approver must approve; one rejection ends it', () => {
    expect(chainOutcome('sequential', ['a', 'b'], null, [d('a', 'approved')])).toBeNull();
    expect(chainOutcome('sequential', ['a', 'b'], null, [d('a', 'approved'), d('b', 'approved')])).toBe('approved');
    expect(chainOutcome('all', ['a', 'b', 'c'], null, [d('b', 'rejected')])).toBe('rejected');
  });
  it('any: the first decision wins', () => {
    expect(chainOutcome('any', ['a', 'b'], null, [d('b', 'rejected')])).toBe('rejected');
    expect(chainOutcome('any', ['a', 'b'], null, [])).toBeNull();
  });
  it('quorum: N of M approvals, rejected once N can no longer be reached', () => {
    expect(chainOutcome('quorum', ['a', 'b', 'c'], 2, [d('a', 'approved')])).toBeNull();
    expect(chainOutcome('quorum', ['a', 'b', 'c'], 2, [d('a', 'approved'), d('c', 'approved')])).toBe('approved');
    expect(chainOutcome('quorum', ['a', 'b', 'c'], 2, [d('a', 'rejected'), d('b', 'rejected')])).toBe('rejected');
    expect(chainOutcome('quorum', ['a', 'b', 'c'], 2, [d('a', 'rejected'), d('b', 'approved')])).toBeNull();
  });
});
