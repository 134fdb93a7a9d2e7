import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { failure, isRotationRequest, talentRequest, type RotationStatus } from '../client/talent.client.js';

/** Reads a rotation request's status (also the reconciliation path when a webhook was missed). */
export const getRotationRequest = defineAction<{ id: string }, { id: string; status: RotationStatus; updatedAt: string }>({
  displayName: { 'zh-CN': '查询轮岗申请', en: 'Get rotation request' },
  input: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } },
  output: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string', enum: ['submitted', 'under_review', 'approved', 'rejected', 'cancelled'] }, updatedAt: { type: 'string', format: 'date-time' } } },
  sends: ['id'],
  async run(ctx, input) {
    if (!input.id) throw ConnectorError.nonRetryable('INVALID_INPUT', 'id is required');
    const res = await talentRequest(ctx, 'GET', `/rotation-requests/${encodeURIComponent(input.id)}`);
    if (res.status === 200 && isRotationRequest(res.body)) return { id: res.body.id, status: res.body.status, updatedAt: res.body.updatedAt };
    throw failure(res, 'get rotation request');
  },
});
