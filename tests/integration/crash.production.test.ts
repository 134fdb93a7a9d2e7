/**
 * Crash test (production mode: MariaDB + Redis/Bull, 3 worker processes). While runs are in
 * flight, workers are SIGKILLed several times and restarted, and the API process once. Afterwards
 * every accepted event has its run, every run finished exactly once, and the fake connector
 * applied each idempotency key exactly once. After each kill the runs in flight at that moment are
 * watched until each has moved again (or finished): the longest wait is the time to resume, which
 * goes into the reliability table (issue 8) with the runs accepted / finished / lost / duplicated
 * and the kills survived. `CRASH_KILLS` / `CRASH_EVENTS` (or `RELIABILITY_LONG=1`: 24 kills, 400
 * events) set the load.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { ORG, kpiDeviation, salesTeam } from '../support/factories.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { LONG, recordReliability } from '../support/reliability-report.js';
import { sleep, waitFor } from '../support/wait.js';
import type { WorkflowDefinition } from '@coachflow/model';

const WORKERS = 3;
const EVENTS = Number(process.env.CRASH_EVENTS ?? (LONG ? 400 : 120));
const WORKER_KILLS = Number(process.env.CRASH_KILLS ?? (LONG ? 24 : 6));

let cluster: EngineCluster;
let recorder: RecorderFake;

const workflow = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
    { id: 'check', kind: 'condition', config: { rule: { '>=': [{ var: 'trigger.streak' }, 3] } } },
    { id: 'call', kind: 'action', config: { connector: 'test-recorder', action: 'record', input: { employeeId: { var: 'trigger.employeeId' } }, retry: { maxAttempts: 8, backoffMs: 300, backoffFactor: 1.5 }, timeoutMs: 2000 } },
    { id: 'pause', kind: 'delay', config: { duration: 'PT1S' } },
    { id: 'call2', kind: 'action', config: { connector: 'test-recorder', action: 'record', input: { employeeId: { var: 'trigger.employeeId' }, note: 'second' }, timeoutMs: 2000 } },
    { id: 'done', kind: 'end', config: { outcome: 'done' } },
    { id: 'skip', kind: 'end', config: { outcome: 'skipped' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'call' },
    { id: 'e3', source: 'check', sourceHandle: 'false', target: 'skip' },
    { id: 'e4', source: 'call', target: 'pause' },
    { id: 'e5', source: 'pause', target: 'call2' },
    { id: 'e6', source: 'call2', target: 'done' },
  ],
} as unknown as WorkflowDefinition;

beforeAll(async () => {
  // The fake answers slowly so that kills land while calls are out.
  recorder = await new RecorderFake({ delayMs: 40 }).start();
  cluster = await EngineCluster.start({ name: 'crash', workers: WORKERS, env: { RECORDER_URL: recorder.url, COACHFLOW_WORKER_CONCURRENCY: '4' } });
  await cluster.api('PUT', '/api/v1/employees', { employees: [...ORG, ...salesTeam(40)] });
  const wf = await cluster.api('POST', '/api/v1/workflows', { name: 'crash', definition: workflow });
  expect(wf.body.issues).toEqual([]);
  expect((await cluster.api('POST', `/api/v1/workflows/${wf.body.id}/publish`, {})).status).toBe(201);
});

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
});

interface RunState {
  status: string;
  updatedAt: string;
}

/** Every run's status and last change, through the API (null while the API is down). */
async function runStates(): Promise<Map<number, RunState> | null> {
  const seen = new Map<number, RunState>();
  let cursor: string | null = null;
  try {
    do {
      const page: { status: number; body: { items: Array<{ id: number } & RunState>; nextCursor: string | null } } = await cluster.api('GET', `/api/v1/runs?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      if (page.status !== 200) return null;
      for (const r of page.body.items) seen.set(r.id, { status: r.status, updatedAt: r.updatedAt });
      cursor = page.body.nextCursor;
    } while (cursor);
  } catch {
    return null; // the API is restarting
  }
  return seen;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Time to resume after a kill: the runs that were in flight when the process died (running, or
 * waiting on their 1 s delay) are polled until each has changed again or finished. Resolution: the
 * poll interval (1 s) plus one list call.
 */
class ResumeWatch {
  readonly done: Array<{ label: string; runs: number; resumeMs: number }> = [];
  #open: Array<{ label: string; at: number; runs: Map<number, string>; size: number }> = [];
  #stopAt = Infinity;
  #loop: Promise<void> | null = null;

  /** Call just before the kill: snapshots the runs in flight. */
  async mark(label: string): Promise<void> {
    const at = Date.now();
    const states = await runStates();
    const runs = new Map([...(states ?? new Map<number, RunState>())].filter(([, r]) => !TERMINAL.has(r.status)).map(([id, r]) => [id, r.updatedAt]));
    if (runs.size === 0) this.done.push({ label, runs: 0, resumeMs: 0 });
    else this.#open.push({ label, at, runs, size: runs.size });
    this.#loop ??= this.#poll();
  }

  async #poll(): Promise<void> {
    while (this.#open.length ? Date.now() < this.#stopAt : this.#stopAt === Infinity) {
      await sleep(1000);
      if (this.#open.length === 0) continue;
      const states = await runStates();
      if (!states) continue;
      const now = Date.now();
      for (const w of [...this.#open]) {
        for (const [id, updatedAt] of w.runs) {
          const r = states.get(id);
          if (r && (TERMINAL.has(r.status) || r.updatedAt !== updatedAt)) w.runs.delete(id);
        }
        if (w.runs.size === 0) {
          this.done.push({ label: w.label, runs: w.size, resumeMs: now - w.at });
          this.#open.splice(this.#open.indexOf(w), 1);
        }
      }
    }
  }

  /** Waits until every marked kill has resumed (at most `graceMs` more); the kills never resumed are left out of `done`. */
  async finish(graceMs = 30_000): Promise<void> {
    this.#stopAt = Date.now() + graceMs;
    await this.#loop;
  }
}

it(`survives ${WORKER_KILLS} worker kills and an API kill with nothing lost or done twice`, async () => {
  const accepted = new Map<string, number>(); // idempotency key → run id
  let posting = true;
  const poster = (async () => {
    for (let i = 0; i < EVENTS; i++) {
      const key = `crash-${i}`;
      const payload = kpiDeviation(`E${9100 + (i % 40)}`, 3 + (i % 3));
      // A client retries with the same key until the API answers (it may be down for a restart).
      for (;;) {
        try {
          const a = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: key, payload });
          if (a.status === 202 || a.status === 200) {
            accepted.set(key, a.body.runIds[0]);
            break;
          }
        } catch {
          /* API restarting */
        }
        await sleep(100);
      }
      await sleep(60);
    }
    posting = false;
  })();

  const kills: string[] = [];
  const resume = new ResumeWatch();
  let k = 0;
  while (posting || k < WORKER_KILLS) {
    await sleep(700 + Math.floor(Math.random() * 600));
    if (k < WORKER_KILLS) {
      const w = k % WORKERS;
      await resume.mark(`worker${w}`);
      await cluster.kill('worker', w);
      kills.push(`worker${w}`);
      k++;
      await sleep(300);
      await cluster.restart('worker', w);
      if (k === Math.ceil(WORKER_KILLS / 2)) {
        await resume.mark('api');
        await cluster.kill('api');
        kills.push('api');
        await cluster.restart('api');
      }
    } else if (!posting) break;
  }
  await poster;
  const killDoneAt = Date.now();

  const runIds = [...accepted.values()];
  let finished: Map<number, string> | null = null;
  try {
    finished = await waitFor(
      'every run to finish',
      async () => {
        const states = await runStates();
        return states && runIds.every((id) => states.get(id)?.status === 'succeeded') ? new Map([...states].map(([id, r]) => [id, r.status])) : null;
      },
      180_000 + EVENTS * 250,
      1000,
    );
  } catch {
    /* counted as lost below */
  }
  const resumeSeconds = (Date.now() - killDoneAt) / 1000;
  await resume.finish();
  const seen = finished ?? new Map([...((await runStates()) ?? new Map<number, RunState>())].map(([id, r]) => [id, r.status]));

  // Each run made two connector calls; each key was applied exactly once.
  const applied = recorder.stats.applied;
  const keys = Object.keys(applied);
  const appliedTwice = Object.entries(applied).filter(([, n]) => n !== 1);
  const missingCalls = runIds.filter((id) => applied[`cf:${id}:call:0`] !== 1 || applied[`cf:${id}:call2:0`] !== 1);
  const unfinished = runIds.filter((id) => seen.get(id) !== 'succeeded');
  const redelivered = Object.values(recorder.stats.deliveries).filter((n) => n > 1).length;
  const maxResumeMs = Math.max(0, ...resume.done.map((r) => r.resumeMs));
  const slowest = [...resume.done].sort((a, b) => b.resumeMs - a.resumeMs)[0];
  console.log(
    `crash test: events accepted ${accepted.size}, runs finished ${runIds.length - unfinished.length}, unfinished ${unfinished.length}, kills ${kills.length} (${kills.join(' ')}), ` +
      `keys applied ${keys.length} (more than once ${appliedTwice.length}), keys redelivered after a kill ${redelivered}, all finished ${resumeSeconds.toFixed(1)} s after the last kill\n` +
      `  runs in flight at each kill moved again after: ${resume.done.map((r) => `${r.label} ${r.runs} runs ${(r.resumeMs / 1000).toFixed(1)} s`).join(', ')}`,
  );
  recordReliability('crash', {
    runsAccepted: accepted.size,
    runsFinished: runIds.length - unfinished.length,
    runsLost: EVENTS - accepted.size + unfinished.length + missingCalls.length,
    runsDuplicated: runIds.length - new Set(runIds).size + Math.max(0, seen.size - EVENTS) + appliedTwice.length,
    killsSurvived: kills.length,
    maxResumeMs,
    notes: [
      `${kills.length} SIGKILLs (${kills.filter((x) => x !== 'api').length} workers, ${kills.filter((x) => x === 'api').length} API) under ${EVENTS} events; resume = the runs in flight at a kill all moved again (slowest: ${slowest ? `${slowest.label}, ${slowest.runs} runs` : 'none'}); all finished ${resumeSeconds.toFixed(1)} s after the last kill; ${redelivered} calls redelivered after a kill, each key applied once`,
    ],
  });

  expect(accepted.size).toBe(EVENTS);
  expect(new Set(runIds).size).toBe(EVENTS);
  expect(unfinished).toEqual([]);
  expect(seen.size).toBe(EVENTS); // no extra runs either
  expect(resume.done).toHaveLength(kills.length);
  const sample = await cluster.api('GET', `/api/v1/runs/${runIds[7]}`);
  expect(sample.body.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['trigger', 'check', 'call', 'pause', 'call2', 'done']);
  expect(keys).toHaveLength(EVENTS * 2);
  expect(appliedTwice).toEqual([]);
  expect(missingCalls).toEqual([]);
}, Math.max(240_000, EVENTS * 1000 + WORKER_KILLS * 10_000));
