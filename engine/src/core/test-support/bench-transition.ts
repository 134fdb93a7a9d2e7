/**
 * Micro-benchmark of the core on the reference workflow: `startRun` (trigger → condition → task)
 * plus `taskCompleted` (task → end). Run: `npx tsx src/core/test-support/bench-transition.ts`.
 */
import { startRun, transition } from '../transition.js';
import type { ExecutionEvent } from '../types.js';
import { referenceWorkflow, runContext, tctx } from './fixtures.js';

const definition = referenceWorkflow();
const context = runContext();
const ctx = tctx();
const completed: ExecutionEvent = { type: 'taskCompleted', nodeId: 'coach', taskId: 't', completedBy: 'm', data: { goal: 'g' } };

function once(): void {
  const started = startRun(definition, context, ctx);
  const finished = transition(definition, started.state, completed, ctx);
  if (finished.state.status !== 'succeeded') throw new Error('unexpected status');
}

for (let i = 0; i < 20_000; i++) once();
const runs = 100_000;
const t0 = performance.now();
for (let i = 0; i < runs; i++) once();
const ms = performance.now() - t0;
const transitions = runs * 2;
console.log(
  `${runs} runs (start + taskCompleted) in ${ms.toFixed(0)} ms: ` +
    `${Math.round(transitions / (ms / 1000)).toLocaleString('en')} transitions/s, ` +
    `${((ms * 1000) / transitions).toFixed(2)} µs/transition`,
);
