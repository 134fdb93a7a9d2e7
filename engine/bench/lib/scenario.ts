/**
 * The event → run scenario shared by the embedded and production benchmarks: seed an org,
 * publish the reference workflow (or its variant without the task), drive `kpi.deviation` events
 * from the load generator on the client core, wait until every run is done, then measure from the
 * database (the source of truth): completed, persisted runs per second inside the measured window,
 * POST latency, event-to-run-finished latency, and correctness (runs == accepted events, a sample of
 * runs checked against the expected path and output).
 */
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchOrg, employeeId, expectedRun, managerId, referenceWorkflow, referenceWorkflowAction, referenceWorkflowNoTask, streakOf, type Variant } from './fixtures.js';
import { mysqlDb, openSqliteReadonly } from './db.js';
import type { EngineInstance } from './engine.js';
import { CLIENT_CORE } from './engine.js';
import { BENCH_DIR, CoreMonitor, cpuSeconds, rssBytes, runToEnd, RssSampler, sleep, spawnTs } from './proc.js';
import { summarize, type Summary } from './stats.js';

export interface ScenarioOptions {
  name: string;
  variant: Variant;
  connections: number;
  warmupMs: number;
  durationMs: number;
  people: number;
  managers?: number;
  logDir: string;
  tmpDir: string;
  samples?: number;
  drainTimeoutMs?: number;
  log: (msg: string) => void;
}

export interface ScenarioResult {
  name: string;
  variant: Variant;
  connections: number;
  windowSeconds: number;
  /** The measured window on the wall clock (ms since the epoch). */
  window: { fromWallMs: number; toWallMs: number };
  /** Runs that reached their final state (task variant: waiting at the task) inside the measured window, per second. */
  completedRunsPerSecond: number;
  acceptedEventsPerSecond: number;
  postLatencyMs: Summary;
  eventToRunDoneMs: Summary;
  rss: Record<string, { maxBytes: number; medianBytes: number }>;
  /** RSS of each engine process just before the load started. */
  rssBefore: Record<string, number | null>;
  /** CPU used by each engine process in the window, in cores. */
  cpu: Record<string, number>;
  /** How busy each core was in the window (all processes on the machine), and the load average. */
  machine: { coreBusy: number[]; otherLoadOnServerCore: number; loadavg: string };
  drainMs: number;
  correctness: {
    sent: number;
    accepted: number;
    errors: number;
    statuses: Record<string, number>;
    eventsStored: number;
    runsStored: number;
    runsDone: number;
    runsFailed: number;
    runsNotDone: number;
    eventsWithoutExactlyOneRun: number;
    sampleChecked: number;
    sampleMismatches: string[];
    ok: boolean;
  };
}

interface Store {
  all(sql: string, params?: unknown[]): Promise<Array<Record<string, any>>>;
  close(): Promise<void>;
}

async function openStore(inst: EngineInstance): Promise<Store> {
  if (inst.sqlitePath) {
    const db = openSqliteReadonly(inst.sqlitePath);
    return { all: async (sql, params = []) => db.prepare(sql).all(...params), close: async () => db.close() };
  }
  const c = await mysqlDb(inst.dbName as string);
  return {
    all: async (sql, params = []) => (await c.query(sql, params))[0] as Array<Record<string, any>>,
    close: () => c.end(),
  };
}

/** Seeds the org and publishes the workflow of the variant; returns the workflow id. */
export async function prepare(inst: EngineInstance, variant: Variant, people: number, managers = 50): Promise<number> {
  const org = benchOrg(people, managers);
  for (let i = 0; i < org.length; i += 5000) await inst.http.must('PUT', '/api/v1/employees', { employees: org.slice(i, i + 5000) });
  const wf = await inst.http.must<{ id: number; issues: Array<{ severity: string }> }>('POST', '/api/v1/workflows', {
    name: variant === 'task' ? 'bench: reference (task for the manager)' : variant === 'action' ? 'bench: reference with an action instead of the task' : 'bench: reference without the task',
    definition: variant === 'task' ? referenceWorkflow() : variant === 'action' ? referenceWorkflowAction() : referenceWorkflowNoTask(),
  });
  const errors = wf.issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new Error(`bench workflow has validation errors: ${JSON.stringify(errors)}`);
  await inst.http.must('POST', `/api/v1/workflows/${wf.id}/publish`, { note: 'bench' }, [201]);
  return wf.id;
}

export async function runScenario(inst: EngineInstance, o: ScenarioOptions): Promise<ScenarioResult> {
  const managers = o.managers ?? 50;
  const prefix = `${o.name}-${Date.now().toString(36)}`;
  const outFile = join(o.tmpDir, `${o.name}-records.json`);
  const pids: Record<string, number> = {};
  if (inst.api) pids.api = inst.api.pid;
  inst.workers.forEach((w, i) => (pids[`worker${i}`] = w.pid));
  const samplers = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, new RssSampler(pid, 100)]));
  const rssBefore = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, rssBytes(pid)]));

  o.log(`  ${o.name}: ${o.connections} connections, ${o.warmupMs / 1000} s warm-up + ${o.durationMs / 1000} s`);
  const gen = spawnTs(join(BENCH_DIR, 'loadgen.ts'), [JSON.stringify({ port: inst.port, connections: o.connections, warmupMs: o.warmupMs, durationMs: o.durationMs, prefix, people: o.people, outFile })], {
    env: { COACHFLOW_BENCH_TOKEN: inst.http.token ?? '' },
    name: `${o.name}-loadgen`,
    core: CLIENT_CORE,
    captureStdout: true,
    logPath: join(o.logDir, `${o.name}-loadgen.log`),
  });
  // Sample memory and CPU only inside the measured window.
  let cpuStart: Record<string, number> = {};
  const cores = new CoreMonitor();
  let cpuStartWall = 0;
  const windowTimer = sleep(o.warmupMs + 800).then(() => {
    cores.start();
    cpuStartWall = Date.now();
    cpuStart = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid) ?? Number.NaN]));
    for (const s of Object.values(samplers)) s.start();
  });
  const summary = JSON.parse((await runToEnd(gen, o.warmupMs + o.durationMs + 120_000)).trim().split('\n').pop() as string) as Record<string, any>;
  await windowTimer;
  const cpuEnd = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid) ?? Number.NaN]));
  const rss = Object.fromEntries(Object.entries(samplers).map(([k, s]) => {
    const r = s.stop();
    return [k, { maxBytes: r.max, medianBytes: r.median }];
  }));
  const measuredWallSeconds = (Date.now() - cpuStartWall) / 1000;
  const coreUse = cores.stop(measuredWallSeconds);
  const cpu = Object.fromEntries(Object.keys(pids).map((k) => [k, ((cpuEnd[k] as number) - (cpuStart[k] as number)) / measuredWallSeconds]));
  const rec = JSON.parse(readFileSync(outFile, 'utf8')) as { start: number; warmEnd: number; end: number; records: number[][] };
  // COACHFLOW_BENCH_KEEP_RECORDS=<dir>: keep every request's [send time, latency, status] for a look at the tail.
  if (process.env.COACHFLOW_BENCH_KEEP_RECORDS) copyFileSync(outFile, join(process.env.COACHFLOW_BENCH_KEEP_RECORDS, `${o.name}-records.json`));
  rmSync(outFile, { force: true });

  // Drain: every accepted event's run reaches its final state (or the task).
  const store = await openStore(inst);
  try {
    const drainStart = Date.now();
    const drainTimeout = o.drainTimeoutMs ?? 300_000;
    let running = Infinity;
    while (Date.now() - drainStart < drainTimeout) {
      // Not done yet: running, or waiting anywhere but at the reference workflow's task (an action
      // waits for its connector call).
      running = Number((await store.all(`select count(*) as n from run where status = 'running' or (status = 'waiting' and (current_node is null or current_node <> 'coach'))`))[0]?.n ?? 0);
      if (running === 0) break;
      await sleep(200);
    }
    const drainMs = Date.now() - drainStart;
    if (running > 0) o.log(`  ${o.name}: ${running} runs still not done after ${drainTimeout / 1000} s`);

    const rows = await store.all(
      `select e.idempotency_key as k, e.id as event_id, r.id as run_id, r.status, r.current_node, r.outcome, r.updated_at, r.finished_at
         from event e left join run r on r.event_id = e.id
        where e.idempotency_key like ?`,
      [`${prefix}-%`],
    );
    const byKey = new Map<string, Array<Record<string, any>>>();
    for (const r of rows) {
      const list = byKey.get(String(r.k)) ?? [];
      if (r.run_id !== null && r.run_id !== undefined) list.push(r);
      byKey.set(String(r.k), list);
    }
    const isDone = (r: Record<string, any>): boolean => r.status === 'succeeded' || (o.variant === 'task' && r.status === 'waiting' && r.current_node === 'coach');
    const doneAt = (r: Record<string, any>): number => Number(r.status === 'succeeded' ? r.finished_at : r.updated_at);

    let runsStored = 0;
    let runsDone = 0;
    let runsFailed = 0;
    let completedInWindow = 0;
    let eventsWithoutExactlyOneRun = 0;
    for (const list of byKey.values()) {
      if (list.length !== 1) eventsWithoutExactlyOneRun++;
      for (const r of list) {
        runsStored++;
        if (r.status === 'failed') runsFailed++;
        if (isDone(r)) {
          runsDone++;
          const t = doneAt(r);
          if (t >= rec.warmEnd && t < rec.end) completedInWindow++;
        }
      }
    }
    const e2e: number[] = [];
    const accepted = rec.records.filter((r) => r[4] === 202);
    for (const r of accepted) {
      if (r[5] !== 1) continue;
      const run = byKey.get(`${prefix}-${r[0]}-${r[1]}`)?.[0];
      if (run && isDone(run)) e2e.push(doneAt(run) - (r[2] as number));
    }

    // Sample: the runs API answers the expected path, status and output; tasks go to the manager.
    const sampleMismatches: string[] = [];
    const n = Math.min(o.samples ?? 25, accepted.length);
    let checked = 0;
    for (let s = 0; s < n; s++) {
      const r = accepted[Math.floor((s * accepted.length) / n)] as number[];
      const [c, i] = [r[0] as number, r[1] as number];
      const key = `${prefix}-${c}-${i}`;
      const runRow = byKey.get(key)?.[0];
      if (!runRow) {
        sampleMismatches.push(`${key}: no run`);
        continue;
      }
      const streak = streakOf(i);
      const want = expectedRun(o.variant, streak);
      const got = await inst.http.must<Record<string, any>>('GET', `/api/v1/runs/${runRow.run_id}`);
      const path = (got.steps as Array<{ nodeId: string }>).map((x) => x.nodeId);
      const emp = employeeId((c * 7919 + i * 31) % o.people);
      const problems: string[] = [];
      if (got.status !== want.status) problems.push(`status ${got.status} ≠ ${want.status}`);
      if (path.join('>') !== want.path.join('>')) problems.push(`path ${path.join('>')} ≠ ${want.path.join('>')}`);
      if ((got.outcome ?? null) !== want.outcome) problems.push(`outcome ${got.outcome} ≠ ${want.outcome}`);
      if (got.employeeId !== emp) problems.push(`employee ${got.employeeId} ≠ ${emp}`);
      const checkStep = (got.steps as Array<Record<string, any>>)[1];
      if (checkStep?.handle !== (streak >= 3 ? 'true' : 'false')) problems.push(`check handle ${checkStep?.handle}`);
      if (checkStep?.evaluations?.[0]?.variables?.['trigger.streak'] !== streak) problems.push(`evidence streak ${JSON.stringify(checkStep?.evaluations?.[0]?.variables)}`);
      if (o.variant === 'action' && streak >= 3) {
        const step = (got.steps as Array<Record<string, any>>)[2];
        if (step?.output?.ok !== true || step?.output?.employeeId !== emp || step?.output?.streak !== streak) problems.push(`action output ${JSON.stringify(step?.output)}`);
      }
      if (o.variant === 'task' && streak >= 3) {
        const tasks = await inst.http.must<{ items: Array<Record<string, any>> }>('GET', `/api/v1/tasks?runId=${runRow.run_id}`);
        const t = tasks.items[0];
        const mgr = managerId(((c * 7919 + i * 31) % o.people) % managers);
        if (tasks.items.length !== 1) problems.push(`${tasks.items.length} tasks`);
        else {
          if (t?.assigneeId !== mgr) problems.push(`task assignee ${t?.assigneeId} ≠ ${mgr}`);
          const wantTitle = `辅导 员工 ${(c * 7919 + i * 31) % o.people}：销售额 连续 ${streak} 周低于预期`;
          if (t?.title !== wantTitle) problems.push(`task title "${t?.title}"`);
        }
      }
      checked++;
      if (problems.length) sampleMismatches.push(`${key} (run ${runRow.run_id}): ${problems.join('; ')}`);
    }

    const eventsStored = byKey.size;
    const correctness = {
      sent: summary.sent as number,
      accepted: summary.accepted as number,
      errors: summary.errors as number,
      statuses: summary.statuses as Record<string, number>,
      eventsStored,
      runsStored,
      runsDone,
      runsFailed,
      runsNotDone: runsStored - runsDone,
      eventsWithoutExactlyOneRun,
      sampleChecked: checked,
      sampleMismatches,
      ok: false,
    };
    correctness.ok =
      correctness.errors === 0 &&
      correctness.accepted === eventsStored &&
      runsStored === eventsStored &&
      runsDone === eventsStored &&
      eventsWithoutExactlyOneRun === 0 &&
      sampleMismatches.length === 0 &&
      checked > 0;
    const windowSeconds = o.durationMs / 1000;
    return {
      name: o.name,
      variant: o.variant,
      connections: o.connections,
      windowSeconds,
      window: { fromWallMs: rec.warmEnd, toWallMs: rec.end },
      completedRunsPerSecond: completedInWindow / windowSeconds,
      acceptedEventsPerSecond: summary.acceptedPerSecond as number,
      postLatencyMs: summary.postLatencyMs as Summary,
      eventToRunDoneMs: summarize(e2e),
      rss,
      rssBefore,
      cpu,
      machine: { coreBusy: coreUse.coreBusy, otherLoadOnServerCore: Math.max(0, (coreUse.coreBusy[0] ?? 0) - Object.values(cpu).reduce((a, b) => a + b, 0)), loadavg: coreUse.loadavg },
      drainMs,
      correctness,
    };
  } finally {
    await store.close();
  }
}
