/**
 * `engine demo` and `engine start --demo`: loads the demo organisation (deterministic, seed 42),
 * publishes the reference workflows and replays the demo's KPI history as events, so the product
 * shows real runs on first start.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowDefinition } from '@coachflow/model';
import type { Services } from '../app/services.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The workflows the demo publishes (the reference scenario). */
export const DEMO_WORKFLOWS = [
  { file: 'kpi-deviation-coaching.workflow.json', name: 'KPI 偏离 → 辅导 (KPI deviation → coaching)' },
  { file: 'training-on-coaching.workflow.json', name: '辅导结论 → 培训 (coaching → training)' },
  { file: 'rotation-approval.workflow.json', name: '轮岗建议 → 审批 (rotation → approval)' },
];

export function readDemoWorkflow(file: string): WorkflowDefinition {
  const path = resolve(here, '../../../tests/fixtures/workflows', file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as { definition?: WorkflowDefinition } & WorkflowDefinition;
  return json.definition ?? json;
}

export interface DemoLoadReport {
  employees: number;
  workflows: number;
  events: number;
}

export async function loadDemo(services: Services, options: { onlyIfEmpty: boolean }): Promise<DemoLoadReport | null> {
  if (options.onlyIfEmpty) {
    const existing = (await services.db.knex('workflow').count({ n: '*' }).first()) as { n: number | string } | undefined;
    if (Number(existing?.n ?? 0) > 0) return null;
  }
  const { loadDemoData } = await import('./demo-data.loader.js');
  return loadDemoData(services);
}
