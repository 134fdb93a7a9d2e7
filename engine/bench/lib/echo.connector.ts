/**
 * The benchmark connector (loaded with COACHFLOW_CONNECTORS): `bench-echo.echo` answers at once with
 * what it was sent, so a workflow with an action node exercises the queue, the workers, the action
 * executor and the advance job without any external system.
 */
import { defineAction, defineConnector } from '@coachflow/connector-sdk';

const echo = defineAction<{ employeeId: string; streak?: number }, { ok: boolean; employeeId: string; streak: number | null }>({
  displayName: { 'zh-CN': '回声', en: 'Echo' },
  input: { type: 'object', properties: { employeeId: { type: 'string' }, streak: { type: 'number' } }, required: ['employeeId'] },
  output: { type: 'object', properties: { ok: { type: 'boolean' }, employeeId: { type: 'string' }, streak: { type: ['number', 'null'] } } },
  sends: ['employeeId', 'streak'],
  async run(_ctx, input) {
    return { ok: true, employeeId: input.employeeId, streak: input.streak ?? null };
  },
});

export default defineConnector({
  id: 'bench-echo',
  version: 1,
  displayName: { 'zh-CN': '基准测试回声', en: 'Benchmark echo' },
  actions: { echo },
});
