/**
 * The full demo: the generated organisation (seed 42), KPI definitions, the reference workflows,
 * objectives and goals with their progress, coaching records and the 26 weeks of KPI readings —
 * each through the same service the API uses (directory import, readings import, coaching records),
 * so the events and runs are the real ones — then one strategy-drift analysis at the last week.
 */
import type { Services } from '../app/services.js';
import { generateDemoData, type DemoData } from '../domain/demo-data.js';
import { createDemoUsers } from './demo-users.js';
import { DEADLINE_AFTER_END } from '../domain/demo/objective-generator.js';
import { addPeriods, periodKindOf, periodOfDate, periodStartDate, previousPeriod } from '../domain/period.js';
import type { GoalInput, ObjectiveInput } from '../signals/goal.service.js';
import type { Job } from '../queue/job-queue.port.js';
import { transactionWithRetry } from '../persistence/transactions.js';
import type { DemoLoadReport } from './load-demo.js';
import { DEMO_WORKFLOWS, readDemoWorkflow } from './load-demo.js';

export interface FullDemoReport extends DemoLoadReport {
  seed: number;
  /** Demo sign-ins (password in README: "Demo users"). */
  users: string[];
  readings: number;
  kpiDeviationEvents: number;
  plantedStreaksOfAtLeast3: number;
  coachingRecords: number;
  goals: number;
  driftingObjectives: string[];
  ms: number;
}

/** The demo directory as an import feed. */
export function demoDirectoryFeed(demo: DemoData): { departments: unknown[]; teams: unknown[]; employees: unknown[] } {
  const { org } = demo;
  return {
    departments: org.departments.map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn, headId: d.headId, hrbpId: d.hrbpId, executiveId: d.executiveId, regions: d.regions })),
    teams: org.teams.map((t) => ({ id: t.id, name: t.name, nameEn: t.nameEn, departmentId: t.departmentId, managerId: t.managerId, region: t.region })),
    employees: org.employees.map((e) => ({
      id: e.id, name: e.name, nameEn: e.nameEn, email: e.email, jobFamily: e.jobFamily, level: e.level, title: e.title, location: e.location, region: e.region,
      status: e.status, managerId: e.managerId, departmentId: e.departmentId, teamId: e.teamId, hrbpId: e.hrbpId, locale: e.locale, roles: e.roles,
    })),
  };
}

/** The demo objectives and goals as the goal service takes them. */
export function demoGoalFeed(demo: DemoData): { objectives: ObjectiveInput[]; goals: GoalInput[] } {
  const deadline = addPeriods(demo.options.endWeek, DEADLINE_AFTER_END);
  return {
    objectives: demo.objectives.map((o) => ({
      id: o.id, title: o.title, titleEn: o.titleEn, ownerIds: o.ownerIds.filter(Boolean), region: o.region ?? null,
      keyResults: o.keyResults.map((k) => ({ id: k.id, title: k.title, ownerId: k.ownerId, weight: k.weight, target: k.target, unit: k.unit, startPeriod: demo.startWeek, deadline, history: k.history })),
    })),
    goals: demo.goals.map((g) => ({
      id: g.id, title: g.title, level: g.level, objectiveId: g.objectiveId ?? null, parentGoalId: g.parentGoalId ?? null, ownerId: g.ownerId, departmentId: g.departmentId,
      teamId: g.teamId ?? null, region: g.region, weight: g.weight, target: g.target, unit: g.unit, startPeriod: g.startPeriod, deadline: g.deadline, history: g.history,
      keyResults: g.keyResults.map((k) => ({ id: k.id, title: k.title, ownerId: k.ownerId, weight: k.weight, target: k.target, unit: k.unit, history: k.history })),
    })),
  };
}

/**
 * The last week of the demo history: `COACHFLOW_DEMO_END_WEEK` when set (tests pin it, so their
 * expectations stay the same whatever the date), else the last complete ISO week before `now`, so a
 * first start shows a history that ends last week and the backtest presets ("last 26 weeks") cover it.
 */
export function demoEndWeek(env: Record<string, string | undefined> = process.env, now: Date = new Date()): string {
  const pinned = env.COACHFLOW_DEMO_END_WEEK?.trim();
  if (pinned) {
    if (periodKindOf(pinned) !== 'week') throw new RangeError(`COACHFLOW_DEMO_END_WEEK must be an ISO week like 2026-W47, got "${pinned}"`);
    return pinned;
  }
  return previousPeriod(periodOfDate(now.toISOString(), 'week'));
}

export async function loadDemoData(services: Services, options: { seed?: number; endWeek?: string } = {}): Promise<FullDemoReport> {
  const started = Date.now();
  const seed = options.seed ?? 42;
  const demo = generateDemoData({ seed, endWeek: options.endWeek ?? demoEndWeek() });
  const { signals } = services;

  // The demo organisation is the one its history happened in: its directory history starts with that history.
  const historyFrom = Math.min(Date.parse(`${periodStartDate(demo.startWeek)}T00:00:00Z`), ...demo.coachingRecords.map((r) => Date.parse(r.date)).filter(Number.isFinite));
  const directory = await signals.directoryImports.import({ format: 'json', mode: 'full', kind: 'org', data: demoDirectoryFeed(demo), actor: 'demo', confirmed: true, historyFrom });
  if (directory.errorCount > 0) services.log.warn('demo directory rows rejected', { errors: directory.errors.slice(0, 5) });
  await signals.kpis.upsert(demo.kpis as unknown as Array<Record<string, unknown>>);

  // Workflows first: the signals below start runs of the ones listening to them.
  let workflows = 0;
  for (const w of DEMO_WORKFLOWS) {
    const wf = await services.workflows.create({ name: w.name, definition: readDemoWorkflow(w.file) });
    try {
      await services.workflows.publish(wf.id, 'demo');
      workflows++;
    } catch (e) {
      services.log.warn('demo workflow not published', { name: w.name, err: (e as Error).message });
    }
  }

  const goals = demoGoalFeed(demo);
  await signals.goals.upsert(goals, 'demo');

  let jobs: Job[] = [];
  for (let i = 0; i < demo.coachingRecords.length; i += 50) {
    const chunk = demo.coachingRecords.slice(i, i + 50);
    const chunkJobs = await transactionWithRetry(services.db.knex, async (trx) => {
      const out: Job[] = [];
      for (const r of chunk) {
        const saved = await signals.coaching.saveWithin(
          trx,
          { id: r.id, template: r.template, employeeId: r.employeeId, managerId: r.managerId, date: r.date, ...(r.objectiveId ? { objectiveId: r.objectiveId } : {}), obstacleThemes: r.obstacleThemes, data: { ...r.data, conclusions: r.conclusions } },
          { source: 'demo', strict: false },
        );
        out.push(...saved.jobs);
      }
      return out;
    });
    jobs.push(...chunkJobs);
  }
  await services.runtime.enqueue(jobs);
  jobs = [];

  const readings = await signals.readings.importList(demo.readings, { source: 'demo', actor: 'demo' });
  const drift = await signals.drift.analyse({ period: demo.options.endWeek });

  const users = await createDemoUsers(services, demo);

  const events = (await services.db.knex('event').count({ n: '*' }).first()) as { n: number | string } | undefined;
  return {
    seed,
    users: users.map((u) => u.email),
    employees: demo.org.employees.length,
    workflows,
    events: Number(events?.n ?? 0),
    readings: readings.accepted,
    kpiDeviationEvents: readings.events,
    plantedStreaksOfAtLeast3: demo.planted.streaksOfAtLeast3.length,
    coachingRecords: demo.coachingRecords.length,
    goals: goals.goals.length,
    driftingObjectives: drift.objectives.filter((o) => o.drifting).map((o) => o.objectiveId),
    ms: Date.now() - started,
  };
}
