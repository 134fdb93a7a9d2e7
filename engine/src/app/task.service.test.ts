import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainOutcome, type Decision } from './task.service.js';

const d = (by: string, decision: 'approved' | 'rejected'): Decision => ({ by, decision, at: '2026-01-01T00:00:00Z' });
const A = (by: string) => d(by, 'approved');
const R = (by: string) => d(by, 'rejected');
const MODES = ['sequential', 'all', 'any', 'quorum'] as const;

describe('approval chain outcome', () => {
  it('sequential / all: every approver must approve; one rejection ends it', () => {
    expect(chainOutcome('sequential', ['a', 'b'], null, [A('a')])).toBeNull();
    expect(chainOutcome('sequential', ['a', 'b'], null, [A('a'), A('b')])).toBe('approved');
    expect(chainOutcome('all', ['a', 'b', 'c'], null, [R('b')])).toBe('rejected');
  });
  it('any: the first decision wins', () => {
    expect(chainOutcome('any', ['a', 'b'], null, [R('b')])).toBe('rejected');
    expect(chainOutcome('any', ['a', 'b'], null, [])).toBeNull();
  });
  it('quorum: N of M approvals, rejected once N can no longer be reached', () => {
    expect(chainOutcome('quorum', ['a', 'b', 'c'], 2, [A('a')])).toBeNull();
    expect(chainOutcome('quorum', ['a', 'b', 'c'], 2, [A('a'), A('c')])).toBe('approved');
    expect(chainOutcome('quorum', ['a', 'b', 'c'], 2, [R('a'), R('b')])).toBe('rejected');
    expect(chainOutcome('quorum', ['a', 'b', 'c'], 2, [R('a'), A('b')])).toBeNull();
  });

  describe('with maxRejections', () => {
    it('sequential / all: a tolerated rejection goes on; approved once everyone decided within the tolerance', () => {
      for (const mode of ['sequential', 'all']) {
        expect(chainOutcome(mode, ['a', 'b', 'c'], null, [R('a')], 1)).toBeNull();
        expect(chainOutcome(mode, ['a', 'b', 'c'], null, [R('a'), A('b')], 1)).toBeNull();
        expect(chainOutcome(mode, ['a', 'b', 'c'], null, [R('a'), A('b'), A('c')], 1)).toBe('approved');
        expect(chainOutcome(mode, ['a', 'b', 'c'], null, [R('a'), A('b'), R('c')], 1)).toBe('rejected');
        expect(chainOutcome(mode, ['a', 'b', 'c'], null, [R('a'), R('b')], 1)).toBe('rejected');
        // maxRejections 0 is the default: the first rejection ends the chain.
        expect(chainOutcome(mode, ['a', 'b', 'c'], null, [R('a')], 0)).toBe('rejected');
      }
    });
    it('sequential / all: never approved without an approval, even when every rejection is tolerated', () => {
      expect(chainOutcome('all', ['a', 'b'], null, [R('a')], 5)).toBeNull();
      expect(chainOutcome('all', ['a', 'b'], null, [R('a'), R('b')], 5)).toBe('rejected');
      expect(chainOutcome('sequential', ['a', 'b'], null, [R('a'), A('b')], 5)).toBe('approved');
    });
    it('any: waits for the others after a tolerated rejection; the first approval wins', () => {
      expect(chainOutcome('any', ['a', 'b', 'c'], null, [R('b')], 1)).toBeNull();
      expect(chainOutcome('any', ['a', 'b', 'c'], null, [R('b'), A('a')], 1)).toBe('approved');
      expect(chainOutcome('any', ['a', 'b', 'c'], null, [R('b'), R('a')], 1)).toBe('rejected');
      expect(chainOutcome('any', ['a', 'b', 'c'], null, [R('b'), R('a'), R('c')], 2)).toBe('rejected');
      expect(chainOutcome('any', ['a', 'b', 'c'], null, [R('b'), R('a'), A('c')], 2)).toBe('approved');
    });
    it('quorum: the tolerance ends the chain before the quorum is out of reach', () => {
      const five = ['a', 'b', 'c', 'd', 'e'];
      expect(chainOutcome('quorum', five, 2, [R('a'), R('b')], null)).toBeNull(); // default: 3 rejections absorbed
      expect(chainOutcome('quorum', five, 2, [R('a'), R('b')], 1)).toBe('rejected');
      expect(chainOutcome('quorum', five, 2, [R('a'), A('b'), A('c')], 1)).toBe('approved');
      expect(chainOutcome('quorum', five, 2, [R('a'), A('b')], 1)).toBeNull();
    });
  });

  /** The function before maxRejections existed: the default must keep every old outcome. */
  function legacy(mode: string, approvers: string[], quorum: number | null, decisions: Decision[]): 'approved' | 'rejected' | null {
    const approvals = decisions.filter((x) => x.decision === 'approved').length;
    const rejections = decisions.length - approvals;
    if (mode === 'any') return decisions[0]?.decision ?? null;
    if (mode === 'quorum') {
      const need = Math.min(Math.max(quorum ?? 1, 1), approvers.length);
      if (approvals >= need) return 'approved';
      return approvers.length - rejections < need ? 'rejected' : null;
    }
    if (rejections > 0) return 'rejected';
    return approvals >= approvers.length ? 'approved' : null;
  }

  /** A chain of 1–6 approvers deciding in some order, with a mode, quorum and tolerance. */
  const chain = fc
    .record({
      mode: fc.constantFrom(...MODES),
      size: fc.integer({ min: 1, max: 6 }),
      quorumPick: fc.nat(),
      maxRejections: fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }),
      votes: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      order: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    })
    .map(({ mode, size, quorumPick, maxRejections, votes, order }) => {
      const approvers = Array.from({ length: size }, (_, i) => `p${i}`);
      // sequential chains decide in order; the others in any order
      const who = mode === 'sequential' ? approvers : [...approvers].sort((x, y) => (order[approvers.indexOf(x)] ?? 0) - (order[approvers.indexOf(y)] ?? 0));
      const decisions = who.map((by, i) => d(by, votes[i] ? 'approved' : 'rejected'));
      const quorum = mode === 'quorum' ? (quorumPick % size) + 1 : null;
      return { mode, approvers, quorum, maxRejections, decisions };
    });

  /** Feeds the decisions one by one as TaskService.decide does, stopping at the first outcome. */
  function run(c: { mode: string; approvers: string[]; quorum: number | null; maxRejections: number | null; decisions: Decision[] }) {
    for (let n = 0; n <= c.decisions.length; n++) {
      const outcome = chainOutcome(c.mode, c.approvers, c.quorum, c.decisions.slice(0, n), c.maxRejections);
      if (outcome) return { outcome, taken: c.decisions.slice(0, n) };
    }
    return { outcome: null, taken: c.decisions };
  }

  it('property: every chain ends, by the rules, at the first decision that settles it', () => {
    fc.assert(
      fc.property(chain, (c) => {
        const { outcome, taken } = run(c);
        expect(outcome).not.toBeNull(); // every approver decided at the latest
        const approvals = taken.filter((x) => x.decision === 'approved').length;
        const rejections = taken.length - approvals;
        const tolerated = c.maxRejections ?? (c.mode === 'quorum' ? Infinity : 0);
        const need = c.mode === 'quorum' ? (c.quorum as number) : 1;
        const everyone = c.mode === 'sequential' || c.mode === 'all';
        if (outcome === 'approved') {
          expect(approvals).toBeGreaterThanOrEqual(need);
          expect(rejections).toBeLessThanOrEqual(tolerated);
          if (everyone) expect(taken.length).toBe(c.approvers.length);
          else expect(taken[taken.length - 1]?.decision).toBe('approved');
        } else {
          // A rejection within the tolerance ends the chain only when approval is out of reach.
          const outOfReach = approvals + (c.approvers.length - taken.length) < need || (everyone && taken.length === c.approvers.length);
          expect(rejections > tolerated || outOfReach).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: without maxRejections every outcome is the one before the option existed', () => {
    fc.assert(
      fc.property(chain, (c) => {
        // up to the decision that closes the chain (nobody decides a closed chain)
        for (let n = 0; n <= c.decisions.length; n++) {
          const prefix = c.decisions.slice(0, n);
          const before = legacy(c.mode, c.approvers, c.quorum, prefix);
          expect(chainOutcome(c.mode, c.approvers, c.quorum, prefix, null)).toBe(before);
          if (before) break;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('property: tolerating more rejections never turns an approval into a rejection', () => {
    fc.assert(
      fc.property(chain, fc.integer({ min: 1, max: 3 }), (c, more) => {
        const base = run(c).outcome;
        const looser = run({ ...c, maxRejections: (c.maxRejections ?? (c.mode === 'quorum' ? 7 : 0)) + more }).outcome;
        if (base === 'approved') expect(looser).toBe('approved');
      }),
      { numRuns: 1000 },
    );
  });
});
