/**
 * Reliability (issue 8, "limits and hygiene"), in the mode of this run, on a cluster started with
 * COACHFLOW_MAX_RUN_STEPS=5:
 *  - payload size (413 past COACHFLOW_MAX_BODY_BYTES, declared or streamed), node and edge counts,
 *    run length (a chain longer than the step limit fails with RUN_TOO_LONG), rule size limits;
 *  - retention keeps the database bounded under a week of simulated load: runs made through the
 *    API are stamped day by day on a controlled clock and `pruneFinishedRuns(knex, days, now)` runs
 *    each simulated night; table sizes are reported per day.
 * Slow clients and many connections are in reliability-hostile-input.test.ts (they wait for the
 * server's timeouts in the background of the fuzzing).
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { EngineCluster, REPO } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { ORG, kpiDeviation, salesTeam } from '../support/factories.js';
import { LONG, recordReliability } from '../support/reliability-report.js';
import { waitFor } from '../support/wait.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { pruneFinishedRuns } from '../../engine/src/app/runtime/retention.js';
import { parseDbUrl } from '../../engine/src/config.js';
import { openDatabase, type Database } from '../../engine/src/persistence/orm.js';

const MAX_STEPS = 5;
const MAX_BODY = 1_048_576;
const DAYS = LONG ? 14 : 7;
const RUNS_PER_DAY = LONG ? 200 : 30;
const RETENTION_DAYS = 3;
const DAY = 86_400_000;
const NAME = `reliability-limits-${MODE}`;

let cluster: EngineCluster;
let recorder: RecorderFake;
let db: Database;

const chain = (n: number, filter: string) =>
  ({
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.kpi.id' }, filter] } } },
      ...Array.from({ length: n - 2 }, (_, i) => ({ id: `s${i + 1}`, kind: 'set', config: { assignments: [{ name: `v${i + 1}`, rule: i + 1 }] } })),
      { id: 'end', kind: 'end', config: { outcome: `chain-${n}` } },
    ],
    edges: Array.from({ length: n - 1 }, (_, i) => ({ id: `e${i}`, source: i === 0 ? 'trigger' : `s${i}`, target: i === n - 2 ? 'end' : `s${i + 1}` })),
  }) as unknown as WorkflowDefinition;

const retentionWorkflow = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.kpi.id' }, 'ret'] } } },
    { id: 'calc', kind: 'set', config: { assignments: [{ name: 'gap', rule: { '-': [{ var: 'trigger.range.low' }, { var: 'trigger.value' }] } }] } },
    { id: 'call', kind: 'action', config: { connector: 'test-recorder', action: 'record', input: { employeeId: { var: 'trigger.employeeId' } }, retry: { maxAttempts: 3, backoffMs: 100 } } },
    { id: 'end', kind: 'end', config: { outcome: 'recorded' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'calc' },
    { id: 'e2', source: 'calc', target: 'call' },
    { id: 'e3', source: 'call', target: 'end' },
  ],
} as unknown as WorkflowDefinition;

const waitingWorkflow = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.kpi.id' }, 'wait'] } } },
    { id: 'coach', kind: 'task', config: { title: 'keep me', assignee: { type: 'directManager' } } },
    { id: 'end', kind: 'end', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'coach' },
    { id: 'e2', source: 'coach', target: 'end' },
  ],
} as unknown as WorkflowDefinition;

const workflowIds: Record<string, number> = {};

const kpiEvent = (employeeId: string, kpiId: string): Record<string, unknown> => {
  const p = kpiDeviation(employeeId, 3) as { kpi: Record<string, unknown> };
  return { ...p, kpi: { ...p.kpi, id: kpiId } };
};

async function publish(name: string, definition: WorkflowDefinition): Promise<number> {
  const wf = await cluster.api('POST', '/api/v1/workflows', { name, definition });
  expect(wf.body.issues, name).toEqual([]);
  expect((await cluster.api('POST', `/api/v1/workflows/${wf.body.id}/publish`, {})).status).toBe(201);
  return wf.body.id as number;
}

beforeAll(async () => {
  recorder = await new RecorderFake().start();
  cluster = await EngineCluster.start({ name: NAME, env: { RECORDER_URL: recorder.url, COACHFLOW_MAX_RUN_STEPS: String(MAX_STEPS) } });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: [...ORG, ...salesTeam(20)] })).status).toBe(200);
  workflowIds.chain5 = await publish('chain of 5', chain(MAX_STEPS, 'chain5'));
  workflowIds.chain10 = await publish('chain of 10', chain(10, 'chain10'));
  workflowIds.retention = await publish('retention', retentionWorkflow);
  workflowIds.waiting = await publish('waiting', waitingWorkflow);
  db = await openDatabase(parseDbUrl(cluster.env.COACHFLOW_DB as string, join(REPO, '.data')));
}, 120_000);

afterAll(async () => {
  await db?.close();
  await cluster?.stop();
  await recorder?.stop();
});

describe(`limits (${MODE})`, () => {
  it('refuses bodies past the size limit with 413, declared or streamed, and accepts one just under it', async () => {
    const envelope = (n: number) => {
      const head = '{"type":"webhook","idempotencyKey":"size-' + n + '","payload":{"source":"size","body":{"blob":"';
      const tail = '"}}}';
      return head + 'x'.repeat(n - head.length - tail.length) + tail;
    };
    const atLimit = await cluster.api('POST', '/api/v1/events', envelope(MAX_BODY), { 'content-type': 'application/json' });
    expect(atLimit.status, JSON.stringify(atLimit.body).slice(0, 200)).toBeLessThan(500);
    expect(atLimit.status).not.toBe(413);
    const over = await cluster.api('POST', '/api/v1/events', envelope(MAX_BODY + 1), { 'content-type': 'application/json' });
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    // Streamed (chunked, no Content-Length): cut while reading.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent > 4 * MAX_BODY) return c.close();
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    const streamed = await fetch(`${cluster.baseUrl}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit).then(
      async (r) => ({ status: r.status, body: await r.text() }),
      (e: Error) => ({ status: 0, body: e.message }),
    );
    // Either the 413 arrives, or the server closes the connection after answering it mid-upload.
    if (streamed.status !== 0) expect(streamed.status).toBe(413);
    // Declared far too large: refused from the header alone, before any byte of the body.
    const declared = await new Promise<string>((ok) => {
      let text = '';
      const s = connect(cluster.port, '127.0.0.1', () => s.write('POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n'));
      s.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('\r\n\r\n')) s.destroy();
      });
      s.on('close', () => ok(text));
      s.setTimeout(5000, () => s.destroy());
    });
    expect(declared.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    recordReliability('limits', { fuzzCases: 4 });
  });

  it('refuses definitions past the node and edge limits at the edge; accepts the limit itself', async () => {
    const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `n${i}`, kind: 'end', config: {} }));
    const at = await cluster.api('POST', '/api/v1/workflows', { name: '500 nodes', definition: { nodes: nodes(500), edges: [] } });
    expect(at.status).toBe(201);
    const over = await cluster.api('POST', '/api/v1/workflows', { name: '501 nodes', definition: { nodes: nodes(501), edges: [] } });
    expect(over.status).toBe(400);
    expect(over.body.error.code).toBe('INVALID_BODY');
    const edges = Array.from({ length: 2001 }, (_, i) => ({ id: `e${i}`, source: 'n0', target: 'n1' }));
    const tooManyEdges = await cluster.api('POST', '/api/v1/workflows/validate', { definition: { nodes: nodes(2), edges } });
    expect(tooManyEdges.status).toBe(400);
    recordReliability('limits', { fuzzCases: 3 });
  });

  it(`fails a run longer than COACHFLOW_MAX_RUN_STEPS=${MAX_STEPS} with RUN_TOO_LONG; a run of exactly ${MAX_STEPS} steps finishes`, async () => {
    const posted = await Promise.all(
      ['chain5', 'chain10'].map(async (k) => {
        const a = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `len-${k}`, payload: kpiEvent('E9003', k) });
        expect(a.status).toBe(202);
        return a.body.runIds[0] as number;
      }),
    );
    const [ok, long] = await Promise.all(
      posted.map((id) =>
        waitFor('run ended', async () => {
          const r = await cluster.api('GET', `/api/v1/runs/${id}`);
          return ['succeeded', 'failed'].includes(r.body.status) ? r.body : null;
        }),
      ),
    );
    expect(ok.status).toBe('succeeded');
    expect(ok.steps).toHaveLength(MAX_STEPS);
    expect(long.status).toBe('failed');
    expect(long.error.code).toBe('RUN_TOO_LONG');
    expect(long.steps.length).toBeLessThanOrEqual(MAX_STEPS + 1);
    recordReliability('limits', { runsAccepted: 2, runsFinished: 2, runsLost: 0, runsDuplicated: 0 });
  });

  it('refuses rules past each rule limit (depth 32, 2 000 nodes, arrays of 10 000, strings of 100 000) and accepts them at the limit', async () => {
    const deep = (n: number): unknown => (n === 0 ? true : { '!': [deep(n - 1)] });
    const def = (rule: unknown) => ({
      nodes: [
        { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
        { id: 'c', kind: 'condition', config: { rule } },
        { id: 'a', kind: 'end', config: {} },
        { id: 'b', kind: 'end', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'trigger', target: 'c' },
        { id: 'e2', source: 'c', sourceHandle: 'true', target: 'a' },
        { id: 'e3', source: 'c', sourceHandle: 'false', target: 'b' },
      ],
    });
    const cases: Array<[string, unknown, boolean]> = [
      ['depth at the limit', deep(31), true],
      ['depth past the limit', deep(32), false],
      ['2 000 nodes', { and: Array.from({ length: 1999 }, () => true) }, true],
      ['2 001 nodes', { and: Array.from({ length: 2000 }, () => true) }, false],
      ['array of 10 001', { in: [1, Array.from({ length: 10_001 }, () => 1)] }, false],
      ['string of 100 000', { '==': ['x'.repeat(100_000), 'y'] }, true],
      ['string of 100 001', { '==': ['x'.repeat(100_001), 'y'] }, false],
    ];
    for (const [name, rule, fine] of cases) {
      const v = await cluster.api('POST', '/api/v1/workflows/validate', { definition: def(rule) });
      expect(v.status, name).toBe(200);
      const limited = (v.body.issues as Array<{ code: string }>).some((i) => i.code === 'LIMIT_EXCEEDED');
      expect(limited, `${name}: ${JSON.stringify(v.body.issues).slice(0, 200)}`).toBe(!fine);
      if (!fine) {
        const created = await cluster.api('POST', '/api/v1/workflows', { name, definition: def(rule) });
        const pub = await cluster.api('POST', `/api/v1/workflows/${created.body.id}/publish`, {});
        expect(pub.status, name).toBe(422);
      }
    }
    recordReliability('limits', { fuzzCases: cases.length });
  });


  it(`keeps the database bounded under ${DAYS} simulated days of load (retention ${RETENTION_DAYS} days, controlled clock)`, async () => {
    const knex = db.knex;
    const base = Date.now() - 40 * DAY; // far from the engine's own hourly pruning (90 days) and from real time
    const tables = ['run', 'step', 'run_input', 'action_call', 'timer', 'event', 'task'];
    const count = async (t: string) => Number(((await knex(t).count({ n: '*' })) as Array<{ n: number | string }>)[0]?.n ?? 0);
    const bytes = async (): Promise<number> => {
      if (db.driver === 'sqlite') {
        const [pc] = (await knex.raw('PRAGMA page_count')) as Array<{ page_count: number }>;
        const [fl] = (await knex.raw('PRAGMA freelist_count')) as Array<{ freelist_count: number }>;
        const [ps] = (await knex.raw('PRAGMA page_size')) as Array<{ page_size: number }>;
        return ((pc?.page_count ?? 0) - (fl?.freelist_count ?? 0)) * (ps?.page_size ?? 0);
      }
      await knex.raw(`ANALYZE TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`);
      const rows = (await knex.raw('SELECT SUM(data_length + index_length) AS b FROM information_schema.tables WHERE table_schema = DATABASE()')) as [Array<{ b: number | string }>];
      return Number(rows[0]?.[0]?.b ?? 0);
    };
    // A run that waits (a person's open task) is never pruned, however old.
    const w = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'ret-waiting', payload: kpiEvent('E9003', 'wait') });
    const waitingRun = w.body.runIds[0] as number;
    await waitFor('waiting run at its task', async () => (await cluster.api('GET', `/api/v1/runs/${waitingRun}`)).body.status === 'waiting');
    await knex('run').where({ id: waitingRun }).update({ started_at: base, updated_at: base });
    await knex('event').where({ id: w.body.eventId }).update({ received_at: base, occurred_at: base });

    const rows: string[] = [];
    const perDay: Array<Record<string, number>> = [];
    let k = 0;
    for (let d = 0; d < DAYS; d++) {
      const dayStart = base + d * DAY;
      const runIds: number[] = [];
      const eventIds: number[] = [];
      for (let i = 0; i < RUNS_PER_DAY; i++) {
        const a = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `ret-${d}-${i}`, payload: kpiEvent(`E${9100 + (i % 20)}`, 'ret') });
        expect(a.status).toBe(202);
        runIds.push(a.body.runIds[0]);
        eventIds.push(a.body.eventId);
        if (i % 3 === 0) {
          // An event no workflow wants: it has no run, and goes once past the horizon.
          const x = await cluster.api('POST', '/api/v1/events', { type: 'webhook', idempotencyKey: `ret-x-${d}-${i}`, payload: { source: 'noise', body: { i } } });
          eventIds.push(x.body.eventId);
        }
        k++;
      }
      await waitFor(`day ${d} runs finished`, async () => {
        const done = await knex('run').whereIn('id', runIds).whereNotNull('finished_at').count({ n: '*' });
        return Number((done as Array<{ n: number | string }>)[0]?.n) === runIds.length;
      }, 60_000, 200);
      // The controlled clock: this day's runs and events happened on simulated day d.
      await knex('run').whereIn('id', runIds).update({ started_at: dayStart, updated_at: dayStart + 60_000, finished_at: dayStart + 60_000 });
      await knex('event').whereIn('id', eventIds).update({ received_at: dayStart, occurred_at: dayStart });
      // The simulated night: prune with the clock at the end of day d.
      const pruned = await pruneFinishedRuns(knex, RETENTION_DAYS, dayStart + DAY);
      const sizes: Record<string, number> = { day: d + 1 };
      for (const t of tables) sizes[t] = await count(t);
      sizes.bytes = await bytes();
      sizes.prunedRuns = pruned.runs;
      sizes.prunedEvents = pruned.events;
      perDay.push(sizes);
      rows.push(`  day ${String(d + 1).padStart(2)}: ${tables.map((t) => `${t} ${sizes[t]}`).join(', ')}; ${(sizes.bytes / 1024).toFixed(0)} KB; pruned ${pruned.runs} runs, ${pruned.events} events`);
    }
    console.log(`retention (${MODE}, ${RETENTION_DAYS} days, ${RUNS_PER_DAY} runs a day):\n${rows.join('\n')}`);

    const last = perDay[perDay.length - 1] as Record<string, number>;
    const peak = Math.max(...perDay.map((p) => p.run as number));
    // Bounded: at most RETENTION_DAYS + 1 days of finished runs are kept (plus the waiting run and the runs of the other tests).
    const otherRuns = Number(((await knex('run').whereNotIn('workflow_id', [workflowIds.retention as number]).count({ n: '*' })) as Array<{ n: number | string }>)[0]?.n);
    expect(last.run as number).toBeLessThanOrEqual((RETENTION_DAYS + 1) * RUNS_PER_DAY + otherRuns);
    expect(peak).toBeLessThanOrEqual((RETENTION_DAYS + 1) * RUNS_PER_DAY + otherRuns);
    // Nothing orphaned: steps, inputs and calls belong to runs that still exist.
    for (const t of ['step', 'run_input', 'action_call', 'timer']) {
      const orphans = await knex(`${t} as x`).whereNotExists(knex('run as r').whereRaw('r.id = x.run_id').select(knex.raw('1'))).count({ n: '*' });
      expect(Number((orphans as Array<{ n: number | string }>)[0]?.n), `orphans in ${t}`).toBe(0);
    }
    // The waiting run and its task survived every night.
    const kept = await cluster.api('GET', `/api/v1/runs/${waitingRun}`);
    expect(kept.status).toBe(200);
    expect(kept.body.status).toBe('waiting');
    expect((await cluster.api('GET', `/api/v1/tasks?runId=${waitingRun}`)).body.items).toHaveLength(1);
    // Events without runs older than the horizon are gone.
    const horizon = base + DAYS * DAY - RETENTION_DAYS * DAY;
    const staleEvents = await knex('event as e').where('e.received_at', '<', horizon).whereNotExists(knex('run as r').whereRaw('r.event_id = e.id').select(knex.raw('1'))).count({ n: '*' });
    expect(Number((staleEvents as Array<{ n: number | string }>)[0]?.n)).toBe(0);
    recordReliability('limits', {
      runsAccepted: k + 1,
      runsFinished: k,
      runsLost: 0,
      runsDuplicated: 0,
      notes: [`retention over ${DAYS} simulated days (${RUNS_PER_DAY} runs/day, keep ${RETENTION_DAYS} days): run table peaked at ${peak} rows, ended at ${last.run}; ${((last.bytes ?? 0) / 1024).toFixed(0)} KB`],
    });
  });


});
