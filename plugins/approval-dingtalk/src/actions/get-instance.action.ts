import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { dingtalkCall } from '../client/dingtalk.client.js';
import { mapDingtalkStatus, type ApprovalOutcome } from '../callback/map-status.js';

export interface GetInstanceOutput {
  instanceId: string;
  status: 'NEW' | 'RUNNING' | 'TERMINATED' | 'COMPLETED';
  /** agree | refuse ('' while running). */
  result: string;
  outcome: ApprovalOutcome;
  /** True once TERMINATED or COMPLETED (stop polling). */
  final: boolean;
  businessId: string;
  title: string;
  originatorUserId: string;
  createTime: string;
  finishTime: string;
  tasks: { taskId: string; userId: string; status: string; result: string }[];
}

type Raw = {
  result?: { status?: string; result?: string; businessId?: string; title?: string; originatorUserId?: string; createTime?: string; finishTime?: string; tasks?: { taskId?: number | string; userId?: string; status?: string; result?: string }[] };
};

/** Reads an instance: the reconciliation path when a callback was missed. */
export const getInstance = defineAction<{ instanceId: string }, GetInstanceOutput>({
  displayName: { 'zh-CN': '查询钉钉审批', en: 'Get DingTalk approval' },
  input: { type: 'object', required: ['instanceId'], properties: { instanceId: { type: 'string', minLength: 1 } } },
  output: {
    type: 'object',
    properties: {
      instanceId: { type: 'string' },
      status: { type: 'string', enum: ['NEW', 'RUNNING', 'TERMINATED', 'COMPLETED'] },
      result: { type: 'string' },
      outcome: { type: 'string', enum: ['approved', 'rejected', 'cancelled', 'pending'] },
      final: { type: 'boolean' },
      businessId: { type: 'string' },
      title: { type: 'string' },
      originatorUserId: { type: 'string' },
      createTime: { type: 'string' },
      finishTime: { type: 'string' },
      tasks: { type: 'array', items: { type: 'object' } },
    },
  },
  sends: ['instanceId'],
  async run(ctx, input) {
    if (!input.instanceId) throw ConnectorError.nonRetryable('INVALID_INPUT', 'instanceId is required');
    const raw = await dingtalkCall<Raw>(ctx, 'GET', `/v1.0/workflow/processInstances?processInstanceId=${encodeURIComponent(input.instanceId)}`);
    const r = raw.result;
    if (!r?.status) throw ConnectorError.nonRetryable('BAD_RESPONSE', 'DingTalk instance without status');
    const status = r.status.toUpperCase() as GetInstanceOutput['status'];
    return {
      instanceId: input.instanceId,
      status,
      result: (r.result ?? '').toLowerCase(),
      outcome: mapDingtalkStatus(status, r.result),
      final: status === 'COMPLETED' || status === 'TERMINATED',
      businessId: r.businessId ?? '',
      title: r.title ?? '',
      originatorUserId: r.originatorUserId ?? '',
      createTime: r.createTime ?? '',
      finishTime: r.finishTime ?? '',
      tasks: (r.tasks ?? []).map((t) => ({ taskId: String(t.taskId ?? ''), userId: t.userId ?? '', status: t.status ?? '', result: t.result ?? '' })),
    };
  },
});
