/** Test support: a real engine (services) on a fresh SQLite file, with helpers to publish workflows. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowDefinition } from '@coachflow/model';
import { loadConfig } from '../config.js';
import { closeServices, createServices } from '../engine.js';
import type { Services } from '../app/services.js';
import { createLogger } from '../logger.js';

export interface TestEngine {
  services: Services;
  close(): Promise<void>;
}

export async function startTestEngine(env: Record<string, string> = {}): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'coachflow-signals-'));
  const config = loadConfig({ ...process.env, COACHFLOW_DB: `sqlite:${join(dir, 'test.sqlite')}`, COACHFLOW_DATA_DIR: dir, REDIS_URL: '', LOG_LEVEL: 'silent', ...env });
  const services = await createServices(config, { migrate: true, log: createLogger('silent') });
  return {
    services,
    async close() {
      await closeServices(services);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** trigger (optional filter) → end: a workflow that records which events it was started by. */
export function listenerWorkflow(event: string, filter?: unknown): WorkflowDefinition {
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event, ...(filter ? { filter } : {}) } },
      { id: 'done', kind: 'end', config: { outcome: 'seen' } },
    ],
    edges: [{ id: 'e1', source: 'trigger', target: 'done' }],
  } as unknown as WorkflowDefinition;
}

export async function publish(services: Services, name: string, definition: WorkflowDefinition): Promise<number> {
  const wf = await services.workflows.create({ name, definition });
  await services.workflows.publish(wf.id, 'test');
  return wf.id;
}

export async function runsOf(services: Services, workflowId: number): Promise<Array<{ id: number; eventId: number }>> {
  const rows = (await services.db.knex('run').where({ workflow_id: workflowId }).orderBy('id').select('id', 'event_id')) as Array<Record<string, unknown>>;
  return rows.map((r) => ({ id: Number(r.id), eventId: Number(r.event_id) }));
}

export async function eventsOf(services: Services, type: string): Promise<Array<{ id: number; key: string; payload: Record<string, unknown> }>> {
  const rows = (await services.db.knex('event').where({ type }).orderBy('id').select('id', 'idempotency_key', 'payload')) as Array<Record<string, unknown>>;
  return rows.map((r) => ({ id: Number(r.id), key: String(r.idempotency_key), payload: JSON.parse(String(r.payload)) as Record<string, unknown> }));
}
