import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { feishuCall } from '../client/feishu.client.js';
import { FEISHU_FINAL_STATUSES, mapFeishuStatus, type ApprovalOutcome } from '../callback/map-status.js';

export interface GetInstanceOutput {
  instanceCode: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELED' | 'DELETED';
  outcome: ApprovalOutcome;
  /** True when the status can no longer change (stop polling). */
  final: boolean;
  /** The create-time uuid: correlates the instance with the step that created it. */
  uuid: string;
  approvalCode: string;
  userId: string;
  startTime: string;
  endTime: string;
  tasks: { id: string; userId: string; status: string; nodeName: string; endTime: string }[];
}

type RawInstance = {
  status?: string;
  uuid?: string;
  approval_code?: string;
  user_id?: string;
  start_time?: string;
  end_time?: string;
  task_list?: { id?: string; user_id?: string; status?: string; node_name?: string; end_time?: string }[];
};

/** Reads an instance: the reconciliation path when a callback was missed. */
export const getInstance = defineAction<{ instanceCode: string }, GetInstanceOutput>({
  displayName: { 'zh-CN': '查询飞书审批', en: 'Get Feishu approval' },
  input: { type: 'object', required: ['instanceCode'], properties: { instanceCode: { type: 'string', minLength: 1 } } },
  output: {
    type: 'object',
    properties: {
      instanceCode: { type: 'string' },
      status: { type: 'string', enum: ['PENDING', 'APPROVED', 'REJECTED', 'CANCELED', 'DELETED'] },
      outcome: { type: 'string', enum: ['approved', 'rejected', 'cancelled', 'pending'] },
      final: { type: 'boolean' },
      uuid: { type: 'string' },
      approvalCode: { type: 'string' },
      userId: { type: 'string' },
      startTime: { type: 'string' },
      endTime: { type: 'string' },
      tasks: { type: 'array', items: { type: 'object' } },
    },
  },
  sends: ['instanceCode'],
  async run(ctx, input) {
    if (!input.instanceCode) throw ConnectorError.nonRetryable('INVALID_INPUT', 'instanceCode is required');
    const env = await feishuCall<RawInstance>(ctx, 'GET', `/open-apis/approval/v4/instances/${encodeURIComponent(input.instanceCode)}`);
    const d = env.data ?? {};
    if (!d.status) throw ConnectorError.nonRetryable('BAD_RESPONSE', 'Feishu instance without status');
    return {
      instanceCode: input.instanceCode,
      status: d.status as GetInstanceOutput['status'],
      outcome: mapFeishuStatus(d.status),
      final: FEISHU_FINAL_STATUSES.has(d.status),
      uuid: d.uuid ?? '',
      approvalCode: d.approval_code ?? '',
      userId: d.user_id ?? '',
      startTime: d.start_time ?? '',
      endTime: d.end_time ?? '',
      tasks: (d.task_list ?? []).map((t) => ({ id: t.id ?? '', userId: t.user_id ?? '', status: t.status ?? '', nodeName: t.node_name ?? '', endTime: t.end_time ?? '' })),
    };
  },
});
