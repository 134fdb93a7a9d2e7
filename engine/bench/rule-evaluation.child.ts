/**
 * Child process of the rule evaluation benchmark (pinned to core 0 by the parent): a typical
 * 8-operator condition on the data a run sees (event, trigger payload, employee, manager, org),
 * evaluated with @coachflow/rules `compileRule` (compiled once), with `evaluateRule` (the engine's
 * call: compile cache keyed by the rule's JSON text), and with plain json-logic-js `apply`; plus
 * `readValues` (the evidence the engine records with every decision). Rounds alternate between
 * the engines; the median round is reported. Prints one JSON line.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compileRule, evaluateRule, readValues } from '@coachflow/rules';
import { REPO } from './lib/proc.js';
import { measureOps, median } from './lib/stats.js';
import { RULE } from './lib/typical-rule.js';

const jsonLogic = createRequire(join(REPO, 'packages/rules/package.json'))('json-logic-js') as { apply(rule: unknown, data: unknown): unknown };

export { RULE };

export const DATA = {
  event: { id: '123456', type: 'kpi.deviation', occurredAt: '2026-03-02T08:00:00.000Z' },
  trigger: {
    employeeId: 'S000042',
    kpi: { id: 'sales_amount', name: '销售额', unit: 'CNY' },
    period: '2026-W10',
    direction: 'below',
    streak: 4,
    range: { low: 100000, high: 160000 },
    value: 77000,
    readings: [
      { period: '2026-W07', value: 80000, low: 100000, high: 160000 },
      { period: '2026-W08', value: 79000, low: 100000, high: 160000 },
      { period: '2026-W09', value: 78000, low: 100000, high: 160000 },
      { period: '2026-W10', value: 77000, low: 100000, high: 160000 },
    ],
  },
  employee: { id: 'S000042', name: '员工 42', email: 's42@bench.local', jobFamily: 'sales', level: 'P5', location: '上海', status: 'active', managerId: 'M042', onLeave: false },
  manager: { id: 'M042', name: '经理 42', jobFamily: 'management' },
  org: { departmentId: 'D-SALES', teamId: 'T-EAST', hrbpId: 'H0' },
  vars: {},
  steps: {},
  now: '2026-03-02T08:00:01.000Z',
};

const rounds = Number(process.argv[2] ?? 5);
const ms = Number(process.argv[3] ?? 500);
const compiled = compileRule(RULE);
const expected = jsonLogic.apply(RULE, DATA);
if (compiled.evaluate(DATA) !== expected || evaluateRule(RULE, DATA) !== expected) throw new Error('the engines disagree on the benchmark rule');

const engines: Record<string, () => unknown> = {
  compiled: () => compiled.evaluate(DATA),
  evaluateRule: () => evaluateRule(RULE, DATA),
  jsonLogic: () => jsonLogic.apply(RULE, DATA),
  readValues: () => readValues(RULE, DATA),
};
const results: Record<string, number[]> = Object.fromEntries(Object.keys(engines).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) for (const [k, fn] of Object.entries(engines)) results[k]?.push(measureOps(fn, ms, r === 0 ? 50_000 : 5_000).opsPerSecond);
process.stdout.write(`${JSON.stringify({ result: expected, rounds, msPerRound: ms, opsPerSecond: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)])), all: results })}\n`);
