/**
 * A CPU speed gauge for comparing full runs: this VM's CPU speed changes with what the host runs
 * beside it (the same code measured 0.64–0.68× between two quiet runs of one day,
 * engine/docs/performance.md), which no load figure inside the VM shows. The gauge is a fixed
 * single-threaded workload — plain json-logic-js `apply` of the rule-evaluation row's rule for one second, after a
 * short warm-up, in this process — reported at the start and the end of a run.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO } from './proc.js';
import { RULE } from './typical-rule.js';

const jsonLogic = createRequire(join(REPO, 'packages/rules/package.json'))('json-logic-js') as { apply(rule: unknown, data: unknown): unknown };
const DATA = { trigger: { streak: 4, direction: 'below', value: 77000, range: { low: 100000, high: 160000 } }, employee: { jobFamily: 'sales', onLeave: false } };

/** json-logic-js applications per second of this process's CPU time. */
export function cpuSpeedGauge(ms = 1000): number {
  const spin = (until: number): number => {
    let n = 0;
    while (performance.now() < until) for (let i = 0; i < 1000; i++, n++) jsonLogic.apply(RULE, DATA);
    return n;
  };
  spin(performance.now() + 300);
  const cpu = process.cpuUsage();
  const n = spin(performance.now() + ms);
  const used = process.cpuUsage(cpu);
  return n / ((used.user + used.system) / 1e6);
}
