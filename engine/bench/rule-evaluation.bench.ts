/**
 * 5. Rule evaluation: compiled @coachflow/rules vs plain json-logic-js `apply` on a typical rule
 * (see rule-evaluation.child.ts), in a process pinned to core 0.
 */
import { join } from 'node:path';
import { SERVER_CORE } from './lib/engine.js';
import { BENCH_DIR, runToEnd, spawnTs } from './lib/proc.js';
import { fmtInt } from './lib/stats.js';
import type { Benchmark, BenchOutput } from './lib/types.js';

export const ruleEvaluation: Benchmark = {
  id: 'rules',
  title: 'rule evaluation',
  async run(ctx): Promise<BenchOutput> {
    const child = spawnTs(join(BENCH_DIR, 'rule-evaluation.child.ts'), ctx.quick ? ['3', '250'] : ['7', '1000'], {
      name: 'rules',
      core: SERVER_CORE,
      captureStdout: true,
      logPath: join(ctx.logDir, 'rules.log'),
    });
    const r = JSON.parse((await runToEnd(child, 300_000)).trim().split('\n').pop() as string) as { opsPerSecond: Record<string, number> };
    const { compiled, evaluateRule, jsonLogic, readValues } = r.opsPerSecond as Record<string, number>;
    return {
      rows: [
        {
          benchmark: 'rule evaluation: 8-operator rule, compileRule().evaluate vs json-logic-js apply',
          measured: `${fmtInt(compiled as number)} vs ${fmtInt(jsonLogic as number)} ops/s (${((compiled as number) / (jsonLogic as number)).toFixed(1)}×)`,
          budget: '≥ json-logic-js',
          pass: (compiled as number) >= (jsonLogic as number),
          value: (compiled as number) / (jsonLogic as number),
          unit: '×',
        },
        {
          benchmark: 'rule evaluation: evaluateRule (engine call, cache keyed by JSON text) / readValues (evidence)',
          measured: `${fmtInt(evaluateRule as number)} ops/s (${((evaluateRule as number) / (jsonLogic as number)).toFixed(1)}× json-logic-js) / ${fmtInt(readValues as number)} ops/s`,
          budget: '—',
          pass: null,
        },
      ],
      details: r,
    };
  },
};
