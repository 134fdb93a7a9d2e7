import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { failure, isRotationRequest, talentRequest, type RotationStatus } from '../client/talent.client.js';

/** Cancels a request still submitted or under review; cancelling twice is success. */
export const cancelRotationRequest = defineAction<{ id: string; reason?: string }, { id: string; status: RotationStatus; updatedAt: string }>({
  displayName: { 'zh-CN': '撤回轮岗申请', en: 'Cancel rotation request' },
  input: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 }, reason: { type: 'string', maxLength: 2000 } } },
  output: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' }, updatedAt: { type: 'string' } } },
  sends: ['id', 'reason'],
  async run(ctx, input) {
    if (!input.id) throw ConnectorError.nonRetryable('INVALID_INPUT', 'id is required');
    const res = await talentRequest(ctx, 'POST', `/rotation-requests/${encodeURIComponent(input.id)}/cancel`, input.reason ? { reason: input.reason } : {}, ctx.idempotencyKey);
    if (res.status === 200 && isRotationRequest(res.body)) return { id: res.body.id, status: res.body.status, updatedAt: res.body.updatedAt };
    throw failure(res, 'cancel rotation request');
  },
});
