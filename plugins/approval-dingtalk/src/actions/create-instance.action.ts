import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { dingtalkCredentials } from '../client/dingtalk-credentials.js';
import { dingtalkCall } from '../client/dingtalk.client.js';
import { toFormComponentValues } from '../client/form-values.js';

export interface CreateInstanceInput {
  originatorUserId: string;
  /** Required by DingTalk unless approvers are given; -1 = root department. */
  deptId?: number | string;
  formComponentValues: { name: string; value: unknown }[] | Record<string, unknown>;
  /** Overrides the connector's processCode credential. */
  processCode?: string;
}

/**
 * Starts a DingTalk OA approval with the template's own flow. DingTalk documents no idempotency key:
 * a retry after a lost answer may start a second instance (see README).
 */
export const createInstance = defineAction<CreateInstanceInput, { instanceId: string }>({
  displayName: { 'zh-CN': '发起钉钉审批', en: 'Start DingTalk approval' },
  input: {
    type: 'object',
    required: ['originatorUserId', 'formComponentValues'],
    properties: {
      originatorUserId: { type: 'string', minLength: 1, title: 'Originator userId' },
      deptId: { type: ['integer', 'string'], title: 'Department id (-1 = root)' },
      formComponentValues: {
        title: 'Form (component label → value)',
        oneOf: [
          { type: 'array', items: { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: {} } }, maxItems: 150 },
          { type: 'object', additionalProperties: true },
        ],
      },
      processCode: { type: 'string', title: 'Process code (default: credential)' },
    },
  },
  output: { type: 'object', properties: { instanceId: { type: 'string' } } },
  sends: ['originatorUserId', 'deptId', 'formComponentValues'],
  async run(ctx, input) {
    const processCode = input.processCode || dingtalkCredentials(ctx.credentials).processCode;
    if (!processCode) throw ConnectorError.nonRetryable('INVALID_INPUT', 'processCode is required (credential or input)');
    if (!input.originatorUserId) throw ConnectorError.nonRetryable('INVALID_INPUT', 'originatorUserId is required');
    const body: Record<string, unknown> = { originatorUserId: input.originatorUserId, processCode, formComponentValues: toFormComponentValues(input.formComponentValues) };
    if (input.deptId !== undefined && input.deptId !== '') {
      const dept = Number(input.deptId);
      if (!Number.isInteger(dept)) throw ConnectorError.nonRetryable('INVALID_INPUT', 'deptId must be an integer');
      body.deptId = dept;
    }
    const out = await dingtalkCall<{ instanceId?: string }>(ctx, 'POST', '/v1.0/workflow/processInstances', body);
    if (!out.instanceId) throw ConnectorError.nonRetryable('BAD_RESPONSE', 'DingTalk answered without instanceId');
    ctx.logger.info('dingtalk: instance started', { instanceId: out.instanceId, idempotencyKey: ctx.idempotencyKey });
    return { instanceId: out.instanceId };
  },
});
