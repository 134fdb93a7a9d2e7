import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from './in-process.queue.js';
import type { Job } from './job-queue.port.js';

const job = (id: string): Job => ({ name: 'advance', id, ref: 1 });

describe('InProcessJobQueue', () => {
  it('drops a job whose id is still queued and runs it again once done', async () => {
    const q = new InProcessJobQueue();
    const seen: string[] = [];
    await q.enqueue([job('a'), job('a'), job('b')]);
    q.consume(async (j) => {
      seen.push(j.id);
    }, 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['a', 'b']);
    await q.enqueue([job('a')]);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['a', 'b', 'a']);
  });

  it('never runs more than `concurrency` jobs at once and drains on close', async () => {
    const q = new InProcessJobQueue();
    let active = 0;
    let peak = 0;
    let done = 0;
    q.consume(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      done++;
    }, 3);
    await q.enqueue(Array.from({ length: 20 }, (_, i) => job(`j${i}`)));
    await new Promise((r) => setTimeout(r, 10));
    await q.close();
    expect(peak).toBe(3);
    expect(active).toBe(0);
    expect(done).toBeGreaterThan(0);
    expect((await q.depth()).active).toBe(0);
  });

  it('counts failed jobs and keeps going', async () => {
    const q = new InProcessJobQueue();
    const ok: string[] = [];
    q.consume(async (j) => {
      if (j.id === 'bad') throw new Error('boom');
      ok.push(j.id);
    }, 1);
    await q.enqueue([job('bad'), job('good')]);
    await new Promise((r) => setTimeout(r, 20));
    expect(ok).toEqual(['good']);
    expect((await q.depth()).failed).toBe(1);
  });
});
