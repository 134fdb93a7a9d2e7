/**
 * 6. Run history at scale: 1,000,000 runs (quick: 100,000) with 3 steps each in a fresh migrated
 * MariaDB database, then the p99 of the runs API (first page, filtered pages, deep keyset pages,
 * run detail) against the real engine API on that database (pinned to core 0; requests sent one
 * at a time from this process).
 *
 * The rows are made fast and realistic: one real run of the reference workflow is executed by the
 * engine first (its `state` and `step` rows are the templates, so row sizes are real), then
 * multi-row `INSERT … SELECT` from MariaDB's sequence engine (`seq_1_to_N`) in chunks, spread over
 * 5 workflows, 10,000 employees, 60 days and a status mix (85% succeeded, 8% waiting, 4% failed,
 * 2% cancelled, 1% running), newest run = highest id; then ANALYZE TABLE.
 */
import { EngineInstance } from './lib/engine.js';
import { mysqlDb } from './lib/db.js';
import { benchOrg, kpiDeviationPayload, referenceWorkflow } from './lib/fixtures.js';
import { waitUntil } from './lib/proc.js';
import { fmtInt, fmtMs, summarize, type Summary } from './lib/stats.js';
import type { Benchmark, BenchOutput, Row } from './lib/types.js';

const WORKFLOWS = 5;
const PEOPLE = 10_000;
const CHUNK = 100_000;

export const runHistory: Benchmark = {
  id: 'run-history',
  title: 'run history at scale (MariaDB)',
  async run(ctx): Promise<BenchOutput> {
    const total = ctx.quick ? 100_000 : 1_000_000;
    const inst = await EngineInstance.production({ name: 'history', logDir: ctx.logDir, workers: 0, queue: 'in-process', env: { COACHFLOW_RETENTION_DAYS: '3650' } });
    const db = await mysqlDb(inst.dbName as string);
    try {
      // Org, workflows and one real run (the template).
      const org = benchOrg(PEOPLE, 100);
      for (let i = 0; i < org.length; i += 5000) await inst.http.must('PUT', '/api/v1/employees', { employees: org.slice(i, i + 5000) });
      const wfs: Array<{ id: number; versionId: number }> = [];
      for (let w = 0; w < WORKFLOWS; w++) {
        const wf = await inst.http.must<{ id: number }>('POST', '/api/v1/workflows', { name: `bench history ${w}`, definition: referenceWorkflow() });
        const v = await inst.http.must<{ id: number }>('POST', `/api/v1/workflows/${wf.id}/publish`, { note: 'bench' }, [201]);
        wfs.push({ id: wf.id, versionId: v.id });
      }
      const posted = await inst.http.must<{ runIds: number[] }>('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'history-template', payload: kpiDeviationPayload('S000001', 4) });
      const templateRun = posted.runIds[0] as number;
      await waitUntil('the template run at its task', async () => {
        const r = await inst.http.must<{ status: string }>('GET', `/api/v1/runs/${templateRun}`);
        return r.status === 'waiting';
      }, 60_000, 100);
      const [[runT]] = (await db.query('select * from run where id = ?', [templateRun])) as unknown as [[Record<string, any>]];
      const [stepsT] = (await db.query('select * from step where run_id = ? order by seq', [templateRun])) as unknown as [Array<Record<string, any>>];
      if (!runT || stepsT.length < 3) throw new Error(`template run ${templateRun} incomplete (${stepsT.length} steps)`);
      await db.query('delete from step'); // every run of the template's shape, one step set per run
      await db.query('delete from run');

      // Bulk rows.
      const t0 = performance.now();
      const now = Date.now();
      const spacing = Math.floor((60 * 86_400_000) / total);
      // Workflow index independent of the status mix; the last workflow never has cancelled runs
      // (they count as succeeded there), for the worst case of a filter pair that matches nothing.
      const wi = `((seq div 7) % ${WORKFLOWS})`;
      const wfCase = `case ${wi} ${wfs.map((w, i) => `when ${i} then ${w.id}`).join(' ')} end`;
      const verCase = `case ${wi} ${wfs.map((w, i) => `when ${i} then ${w.versionId}`).join(' ')} end`;
      const status = `case when seq % 100 < 85 then 'succeeded' when seq % 100 < 93 then 'waiting' when seq % 100 < 97 then 'failed' when seq % 100 < 99 then (case when ${wi} = ${WORKFLOWS - 1} then 'succeeded' else 'cancelled' end) else 'running' end`;
      for (let from = 1; from <= total; from += CHUNK) {
        const to = Math.min(total, from + CHUNK - 1);
        await db.query(
          `insert into run (id, workflow_id, version_id, version, event_id, employee_id, status, current_node, state, error, outcome, started_at, updated_at, finished_at)
           select seq, ${wfCase}, ${verCase}, 1, seq, concat('S', lpad(seq % ${PEOPLE}, 6, '0')), ${status},
                  case when seq % 100 between 85 and 92 then 'coach' when seq % 100 between 93 and 96 then 'check' else null end,
                  ?, case when seq % 100 between 93 and 96 then ? else null end,
                  case when seq % 100 < 85 then 'coached' else null end,
                  ? + seq * ${spacing}, ? + seq * ${spacing} + 120,
                  case when seq % 100 < 85 or seq % 100 between 93 and 98 then ? + seq * ${spacing} + 120 else null end
             from seq_${from}_to_${to}`,
          [runT.state, JSON.stringify({ code: 'CONNECTOR_FAILED', message: 'the LMS answered 503 three times', nodeId: 'check' }), now - total * spacing, now - total * spacing, now - total * spacing],
        );
        const stepRows = stepsT.slice(0, 3);
        await db.query(
          `insert into step (run_id, seq, node_id, kind, status, attempt, input, output, error, handle, evaluations, started_at, finished_at)
           select r.id, s.seq - 1, elt(s.seq, ?, ?, ?), elt(s.seq, ?, ?, ?), 'succeeded', 1, elt(s.seq, ?, ?, ?), elt(s.seq, ?, ?, ?), null, elt(s.seq, ?, ?, ?), elt(s.seq, ?, ?, ?), r.started_at + s.seq, r.started_at + s.seq + 5
             from run r join seq_1_to_3 s where r.id between ? and ?`,
          [
            ...stepRows.map((x) => x.node_id),
            ...stepRows.map((x) => x.kind),
            ...stepRows.map((x) => x.input),
            ...stepRows.map((x) => x.output),
            ...stepRows.map((x) => x.handle),
            ...stepRows.map((x) => x.evaluations),
            from,
            to,
          ],
        );
        if ((to / CHUNK) % 2 === 0 || to === total) ctx.log(`  run history: ${fmtInt(to)} / ${fmtInt(total)} runs inserted`);
      }
      await db.query('analyze table run, step');
      const loadMs = performance.now() - t0;
      const [[sizes]] = (await db.query(
        `select sum(case when table_name = 'run' then data_length + index_length else 0 end) as run_bytes, sum(case when table_name = 'step' then data_length + index_length else 0 end) as step_bytes
           from information_schema.tables where table_schema = database()`,
      )) as unknown as [[Record<string, any>]];

      // Queries.
      const n = ctx.quick ? 60 : 300;
      const wf = wfs[2] as { id: number };
      const rand = (k: number): number => 1 + Math.floor(Math.random() * k);
      const queries: Array<[string, () => string]> = [
        ['first page (50 newest)', () => '/api/v1/runs'],
        ['filtered: status=failed', () => '/api/v1/runs?status=failed'],
        ['filtered: workflowId', () => `/api/v1/runs?workflowId=${wf.id}`],
        ['filtered: employeeId', () => `/api/v1/runs?employeeId=S${String(rand(PEOPLE) - 1).padStart(6, '0')}`],
        ['filtered: workflowId + status=failed', () => `/api/v1/runs?workflowId=${wf.id}&status=failed`],
        ['filtered: workflowId + status matching no run (scans the workflow)', () => `/api/v1/runs?workflowId=${(wfs[WORKFLOWS - 1] as { id: number }).id}&status=cancelled`],
        ['deep keyset page (cursor near the oldest run)', () => `/api/v1/runs?cursor=${1000 + rand(5000)}`],
        ['deep keyset page, status=failed', () => `/api/v1/runs?status=failed&cursor=${1000 + rand(5000)}`],
        ['keyset page at a random depth, limit 200', () => `/api/v1/runs?limit=200&cursor=${rand(total)}`],
        ['run detail GET /runs/:id', () => `/api/v1/runs/${rand(total)}`],
      ];
      const results: Array<{ name: string; latency: Summary; bytes: number }> = [];
      // At most `n` requests per query, and no more than a time cap (a slow query gets fewer samples).
      const capMs = ctx.quick ? 2000 : 15_000;
      for (const [name, path] of queries) {
        const q0 = performance.now();
        for (let i = 0; i < 10 && performance.now() - q0 < capMs / 5; i++) await inst.http.must('GET', path());
        const lat: number[] = [];
        let bytes = 0;
        const m0 = performance.now();
        for (let i = 0; i < n && (i < 5 || performance.now() - m0 < capMs); i++) {
          const a = await inst.http.call('GET', path());
          if (a.status !== 200) throw new Error(`GET ${path()} answered ${a.status}: ${JSON.stringify(a.body).slice(0, 300)}`);
          lat.push(a.ms);
          bytes = a.bytes;
        }
        results.push({ name, latency: summarize(lat), bytes });
      }
      // The plans MariaDB picks for the list queries (the SQL of RunService.list) and its buffer pool.
      const listSql = (where: string) =>
        `explain select r.id, r.workflow_id, r.version, r.status, r.employee_id, r.event_id, r.current_node, r.error, r.outcome, r.started_at, r.updated_at, r.finished_at, w.name as workflow_name from run as r left join workflow as w on w.id = r.workflow_id ${where} order by r.id desc limit 51`;
      const plans: Record<string, unknown> = {};
      for (const [name, where] of [
        ['first page', ''],
        ['status=failed', `where r.status = 'failed'`],
        ['workflowId', `where r.workflow_id = ${wf.id}`],
        ['employeeId', `where r.employee_id = 'S000123'`],
        ['workflowId + status=failed', `where r.workflow_id = ${wf.id} and r.status = 'failed'`],
        ['workflowId + status matching no run', `where r.workflow_id = ${(wfs[WORKFLOWS - 1] as { id: number }).id} and r.status = 'cancelled'`],
        ['status=failed, deep cursor', `where r.status = 'failed' and r.id < 3000`],
      ] as const) {
        const [rowsOut] = (await db.query(listSql(where))) as unknown as [Array<Record<string, unknown>>];
        const r0 = rowsOut.find((x) => x.table === 'r') ?? rowsOut[0];
        plans[name] = { key: r0?.key ?? null, possibleKeys: r0?.possible_keys ?? null, rows: r0?.rows ?? null, extra: r0?.Extra ?? null };
      }
      const [[bp]] = (await db.query('select @@innodb_buffer_pool_size as bytes')) as unknown as [[{ bytes: number }]];
      // Correctness: the first page is the newest runs, in order; detail has its steps.
      const first = await inst.http.must<{ items: Array<{ id: number }>; nextCursor: string }>('GET', '/api/v1/runs');
      const detail = await inst.http.must<{ steps: unknown[]; status: string }>('GET', `/api/v1/runs/${total}`);
      const ok = first.items.length === 50 && first.items[0]?.id === total && first.items[49]?.id === total - 49 && first.nextCursor === String(total - 49) && detail.steps.length === 3;
      const worst = Math.max(...results.map((r) => r.latency.p99));
      const rows: Row[] = results.map((r) => ({
        benchmark: `run history (${fmtInt(total)} runs): ${r.name}`,
        measured: `p50 ${fmtMs(r.latency.p50)}, p99 ${fmtMs(r.latency.p99)}${r.latency.n < n ? ` (${r.latency.n} requests in the time cap)` : ''}`,
        budget: 'p99 ≤ 50 ms',
        pass: r.latency.p99 <= 50,
        value: r.latency.p99,
        unit: 'ms',
      }));
      rows.push({
        benchmark: `run history: data set and correctness`,
        measured: `${fmtInt(total)} runs + ${fmtInt(total * 3)} steps loaded in ${(loadMs / 1000).toFixed(0)} s (run ${(Number(sizes?.run_bytes) / 1073741824).toFixed(2)} GB, step ${(Number(sizes?.step_bytes) / 1073741824).toFixed(2)} GB); newest-first paging ${ok ? 'ok' : 'WRONG'}`,
        budget: 'pages right',
        pass: ok,
      });
      rows.push({
        benchmark: 'run history: MariaDB buffer pool vs data (a server setting, not the engine)',
        measured: `innodb_buffer_pool_size ${(Number(bp?.bytes) / 1048576).toFixed(0)} MB for ${((Number(sizes?.run_bytes) + Number(sizes?.step_bytes)) / 1073741824).toFixed(2)} GB of runs and steps`,
        budget: '—',
        pass: null,
      });
      return { rows, details: { total, loadMs, sizes, bufferPoolBytes: Number(bp?.bytes), plans, worstP99: worst, queries: results, requestsPerQuery: n } };
    } finally {
      await db.end();
      await inst.stop();
    }
  },
};
