import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { credentialsOf } from '../client/feishu-credentials.js';
import { feishuCall } from '../client/feishu.client.js';

/** Subscribes the app to a definition's approval events (needed once before callbacks arrive). */
export const subscribe = defineAction<{ approvalCode?: string }, { subscribed: true; alreadySubscribed: boolean }>({
  displayName: { 'zh-CN': '订阅审批事件', en: 'Subscribe to approval events' },
  input: { type: 'object', properties: { approvalCode: { type: 'string', title: 'Approval definition code (default: credential)' } } },
  output: { type: 'object', properties: { subscribed: { const: true }, alreadySubscribed: { type: 'boolean' } } },
  sends: ['approvalCode'],
  async run(ctx, input) {
    const approvalCode = input.approvalCode || credentialsOf(ctx).approvalCode;
    if (!approvalCode) throw ConnectorError.nonRetryable('INVALID_INPUT', 'approvalCode is required (credential or input)');
    const env = await feishuCall(ctx, 'POST', `/open-apis/approval/v4/approvals/${encodeURIComponent(approvalCode)}/subscribe`, {}, [1390007]);
    return { subscribed: true, alreadySubscribed: env.code === 1390007 };
  },
});
