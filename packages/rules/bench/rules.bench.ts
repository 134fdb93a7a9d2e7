/**
 * Compiled evaluation vs json-logic-js `apply` on a typical 8-operator rule (standard operators
 * only, so both engines run the same rule). Run: `npx tsx packages/rules/bench/rules.bench.ts`.
 */
import jsonLogic from 'json-logic-js';
import type { RulesLogic } from 'json-logic-js';
import { compileRule } from '../src/index.js';

const rule: RulesLogic = {
  and: [
    { '>=': [{ var: 'trigger.streak' }, 3] },
    { '==': [{ var: 'employee.jobFamily' }, 'sales'] },
    { in: [{ var: 'trigger.direction' }, ['below', 'above']] },
    { '<': [{ '/': [{ '-': [{ var: 'trigger.value' }, { var: 'trigger.target' }] }, { var: 'trigger.target' }] }, -0.1] },
  ],
};
const data = {
  trigger: { streak: 4, direction: 'below', value: 80, target: 100 },
  employee: { jobFamily: 'sales' },
};

function opsPerSecond(fn: () => unknown, ms = 1000): number {
  for (let i = 0; i < 20_000; i++) fn(); // warm-up
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 10_000; i++) fn();
    n += 10_000;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

const compiled = compileRule(rule);
if (compiled.evaluate(data) !== jsonLogic.apply(rule, data)) throw new Error('engines disagree');
const ours = opsPerSecond(() => compiled.evaluate(data));
const theirs = opsPerSecond(() => jsonLogic.apply(rule, data));
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
console.log(`compiled: ${fmt(ours)} ops/s | json-logic-js apply: ${fmt(theirs)} ops/s | ${(ours / theirs).toFixed(1)}x`);
