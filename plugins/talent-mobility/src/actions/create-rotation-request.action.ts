import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { failure, isRotationRequest, talentRequest, type RotationStatus } from '../client/talent.client.js';

export interface CreateRotationRequestInput {
  employeeRef: string;
  source: 'coaching' | 'hr';
  targetRole?: string;
  targetOrg?: string;
  opportunityId?: string;
  rationale: string;
  requestedBy: string;
  approvalRef?: string;
  effectiveDate?: string;
  evidenceRef?: string;
}

export interface CreateRotationRequestOutput {
  id: string;
  status: RotationStatus;
  /** False when the marketplace recognised a retry of this step (200 with the original resource). */
  created: boolean;
}

const FIELDS = ['employeeRef', 'source', 'targetRole', 'targetOrg', 'opportunityId', 'rationale', 'requestedBy', 'approvalRef', 'effectiveDate', 'evidenceRef'] as const;

/** Opens a rotation *request* (never a direct job change). High impact: a human approval must come first. */
export const createRotationRequest = defineAction<CreateRotationRequestInput, CreateRotationRequestOutput>({
  displayName: { 'zh-CN': '提交轮岗申请', en: 'Create rotation request' },
  description: { 'zh-CN': '在内部人才市场提交轮岗申请（需先经人工审批）', en: 'Submit a rotation request to the internal talent marketplace (after a human approval)' },
  highImpact: true,
  input: {
    type: 'object',
    required: ['employeeRef', 'source', 'rationale', 'requestedBy'],
    anyOf: [{ required: ['targetRole'] }, { required: ['targetOrg'] }, { required: ['opportunityId'] }],
    properties: {
      employeeRef: { type: 'string', minLength: 1, title: 'Employee number' },
      source: { type: 'string', enum: ['coaching', 'hr'], default: 'coaching' },
      targetRole: { type: 'string' },
      targetOrg: { type: 'string' },
      opportunityId: { type: 'string' },
      rationale: { type: 'string', minLength: 1, maxLength: 4000 },
      requestedBy: { type: 'string', minLength: 1, title: 'Requested by (employee number)' },
      approvalRef: { type: 'string', title: 'Approval reference' },
      effectiveDate: { type: 'string', format: 'date' },
      evidenceRef: { type: 'string', title: 'Evidence reference' },
    },
  },
  output: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' }, created: { type: 'boolean' } } },
  sends: [...FIELDS],
  async run(ctx, input) {
    if (!input.employeeRef || !input.rationale || !input.requestedBy) throw ConnectorError.nonRetryable('INVALID_INPUT', 'employeeRef, rationale and requestedBy are required');
    if (input.source !== 'coaching' && input.source !== 'hr') throw ConnectorError.nonRetryable('INVALID_INPUT', 'source must be coaching or hr');
    if (!input.targetRole && !input.targetOrg && !input.opportunityId) throw ConnectorError.nonRetryable('INVALID_INPUT', 'one of targetRole, targetOrg, opportunityId is required');
    // A fixed field order makes the body byte-identical across retries of the step.
    const body: Record<string, string> = {};
    for (const f of FIELDS) if (input[f] !== undefined && input[f] !== '') body[f] = String(input[f]);
    const res = await talentRequest(ctx, 'POST', '/rotation-requests', body, ctx.idempotencyKey);
    if ((res.status === 201 || res.status === 200) && isRotationRequest(res.body)) {
      ctx.logger.info('talent-mobility: rotation request', { id: res.body.id, created: res.status === 201 });
      return { id: res.body.id, status: res.body.status, created: res.status === 201 };
    }
    throw failure(res, 'create rotation request');
  },
});
