/** Test support: small workflow definitions the backtest and load-cap tests replay. */
import type { TaskLoadCap, WorkflowDefinition } from '@coachflow/model';

/** trigger → (a delay) → a coaching task for the direct manager (with a load cap) → end. */
export function coachingFlow(event: string, options: { delay?: string; loadCap?: TaskLoadCap } = {}): WorkflowDefinition {
  const chain = ['trigger', ...(options.delay ? ['wait'] : []), 'coach', 'done'];
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event } },
      ...(options.delay ? [{ id: 'wait', kind: 'delay', config: { duration: options.delay } }] : []),
      { id: 'coach', kind: 'task', config: { title: '辅导 {{employee.name}}', assignee: { type: 'directManager' }, dueIn: 'P7D', ...(options.loadCap ? { loadCap: options.loadCap } : {}) } },
      { id: 'done', kind: 'end', config: {} },
    ],
    edges: chain.slice(1).map((target, i) => ({ id: `e${i + 1}`, source: chain[i] as string, target })),
  } as unknown as WorkflowDefinition;
}
