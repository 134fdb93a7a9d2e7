/**
 * CPU of the pure core on the reference workflow (no I/O): `startRun` from the trigger until the
 * run waits at the task (streak ≥ 3) or ends (streak < 3), plus the JSON of the resulting state and
 * steps as the engine stores them. Prints microseconds per run (median of 5 rounds); `--profile
 * <file>` writes a CPU profile of the rounds.
 *   node --import tsx bench/core-cpu.ts [--runs 20000] [--profile /tmp/core.cpuprofile]   (from engine/)
 */
import type { WorkflowDefinition } from '@coachflow/model';
import { startRun } from '../src/core/index.js';
import type { RunContext } from '../src/core/types.js';
import { profileTo } from './lib/in-process-profile.js';
import { employeeId, kpiDeviationPayload, referenceWorkflow, streakOf } from './lib/fixtures.js';

const arg = (name: string): string | undefined => (process.argv.indexOf(name) > 0 ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs') ?? 20000);
const profileAt = arg('--profile');
const definition = referenceWorkflow() as unknown as WorkflowDefinition;
const person = (id: string, managerId: string | null) => ({ id, name: `员工 ${id}`, email: null, jobFamily: 'sales', level: null, location: null, status: 'active', managerId, departmentId: null, teamId: null, hrbpId: 'H0', locale: 'zh-CN', roles: [] });
const contexts: RunContext[] = Array.from({ length: 100 }, (_, i) => ({
  event: { id: String(i), type: 'kpi.deviation', occurredAt: new Date().toISOString() },
  trigger: kpiDeviationPayload(employeeId(i), streakOf(i)),
  employee: person(employeeId(i), 'M001'),
  manager: person('M001', 'X0'),
  org: { departmentId: null, departmentName: null, teamId: null, teamName: null, region: null, skipLevelManagerId: 'X0', hrbpId: 'H0', departmentHeadId: null, executiveId: null },
}) as unknown as RunContext);

const stopProfile = await profileTo(profileAt, 50);
let sink = 0;
const rounds: number[] = [];
for (let round = 0; round < 6; round++) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const r = startRun(definition, contexts[i % 100] as RunContext, { runId: String(i), now: new Date(), maxSteps: 500 });
    sink += JSON.stringify(r.state).length;
    for (const s of r.state.steps) sink += (JSON.stringify(s.input) ?? '').length + (JSON.stringify(s.output) ?? '').length + (JSON.stringify(s.evaluations) ?? '').length;
  }
  const u = process.cpuUsage(t0);
  if (round > 0) rounds.push((u.user + u.system) / runs);
}
await stopProfile();
rounds.sort((a, b) => a - b);
process.stdout.write(`core: ${rounds[2]?.toFixed(1)} µs CPU per run (median of 5 rounds of ${runs}; rounds ${rounds.map((r) => r.toFixed(1)).join(' / ')}) [${sink > 0 ? 'ok' : ''}]\n`);
