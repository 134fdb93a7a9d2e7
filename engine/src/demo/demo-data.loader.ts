import type { Services } from '../app/services.js';
import type { DemoLoadReport } from './load-demo.js';
import { DEMO_WORKFLOWS, readDemoWorkflow } from './load-demo.js';

/** Publishes the demo workflows. (The demo organisation and KPI history are added with the HR-signals work.) */
export async function loadDemoData(services: Services): Promise<DemoLoadReport> {
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
  return { employees: 0, workflows, events: 0 };
}
