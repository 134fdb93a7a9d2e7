import { describe, expect, it } from 'vitest';
import { GroupCommit, type Outcome } from './group-commit.js';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** A flush that records its batches and answers each item after `release()` is called. */
function recorder(opts: { failOn?: string; throwBatch?: boolean } = {}) {
  const batches: string[][] = [];
  const gates: Array<() => void> = [];
  let active = 0;
  let peak = 0;
  const flush = async (take: () => string[]): Promise<Array<Outcome<string>>> => {
    active++;
    peak = Math.max(peak, active);
    await new Promise<void>((r) => gates.push(r));
    const items = take();
    batches.push(items);
    active--;
    if (opts.throwBatch) throw new Error('commit failed');
    return items.map((i) => (i === opts.failOn ? { ok: false, error: new Error(`bad ${i}`) } : { ok: true, value: i.toUpperCase() }));
  };
  return { batches, flush, release: () => gates.splice(0).forEach((g) => g()), peak: () => peak };
}

async function settle(r: ReturnType<typeof recorder>, rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await tick();
    r.release();
  }
}

describe('GroupCommit', () => {
  it('puts items that queue while a flush waits into that flush, and answers each with its own outcome', async () => {
    const r = recorder({ failOn: 'c' });
    const gc = new GroupCommit(r.flush, { maxBatch: 10, maxInFlight: 1 });
    const answers = ['a', 'b', 'c', 'd'].map((i) => gc.submit(i).then((v) => v, (e: Error) => e.message));
    await settle(r);
    expect(await Promise.all(answers)).toEqual(['A', 'B', 'bad c', 'D']);
    expect(r.batches).toEqual([['a', 'b', 'c', 'd']]);
    expect(gc.stats).toMatchObject({ batches: 1, items: 4, queued: 0, inFlight: 0 });
  });

  it('keeps at most maxInFlight flushes and maxBatch items per batch; the rest joins the next batch', async () => {
    const r = recorder();
    const gc = new GroupCommit(r.flush, { maxBatch: 2, maxInFlight: 1 });
    const answers = ['a', 'b', 'c', 'd', 'e'].map((i) => gc.submit(i));
    await settle(r);
    expect(await Promise.all(answers)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(r.batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(r.peak()).toBe(1);
  });

  it('never puts two items with the same key in one batch', async () => {
    const r = recorder();
    const gc = new GroupCommit(r.flush, { maxBatch: 10, maxInFlight: 1, keyOf: (s) => s[0] as string });
    const answers = ['a1', 'b1', 'a2', 'a3', 'c1'].map((i) => gc.submit(i));
    await settle(r);
    expect(await Promise.all(answers)).toEqual(['A1', 'B1', 'A2', 'A3', 'C1']);
    expect(r.batches).toEqual([['a1', 'b1', 'c1'], ['a2'], ['a3']]);
  });

  it('rejects every item of a batch whose flush throws, and goes on with the next batch', async () => {
    const r = recorder({ throwBatch: true });
    const gc = new GroupCommit(r.flush, { maxBatch: 10, maxInFlight: 1 });
    const answers = ['a', 'b'].map((i) => gc.submit(i).then(() => 'ok', (e: Error) => e.message));
    await settle(r);
    expect(await Promise.all(answers)).toEqual(['commit failed', 'commit failed']);
    const later = gc.submit('c').catch((e: Error) => e.message);
    await settle(r);
    expect(await later).toBe('commit failed');
    expect(r.batches).toEqual([['a', 'b'], ['c']]);
  });

  it('rejects the queued items when the flush fails before taking them', async () => {
    const gc = new GroupCommit<string, string>(async () => {
      throw new Error('no connection');
    }, { maxBatch: 10, maxInFlight: 1 });
    const answers = ['a', 'b'].map((i) => gc.submit(i).catch((e: Error) => e.message));
    expect(await Promise.all(answers)).toEqual(['no connection', 'no connection']);
    expect(gc.stats.queued).toBe(0);
  });

  it('refuses a batch size or concurrency below one', () => {
    expect(() => new GroupCommit(async () => [], { maxBatch: 0, maxInFlight: 1 })).toThrow(/maxBatch/);
  });
});
