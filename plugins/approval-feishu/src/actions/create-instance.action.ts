import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { credentialsOf } from '../client/feishu-credentials.js';
import { feishuCall } from '../client/feishu.client.js';
import { findInstanceByUuid } from '../client/find-by-uuid.js';
import { toControls } from '../client/form.js';
import { instanceUuid } from '../client/instance-uuid.js';

export interface CreateInstanceInput {
  /** Feishu user_id of the initiator. */
  userId: string;
  form: unknown;
  title?: string;
  departmentId?: string;
  /** Overrides the connector's approvalCode credential. */
  approvalCode?: string;
}

export interface CreateInstanceOutput {
  instanceCode: string;
  /** The uuid sent to Feishu (idempotency key or its hash); callbacks echo it. */
  uuid: string;
  /** True when Feishu had already created it for this step (60012) and it was looked up. */
  duplicate: boolean;
}

/** Starts a Feishu approval instance; the step's idempotency key is Feishu's `uuid`. */
export const createInstance = defineAction<CreateInstanceInput, CreateInstanceOutput>({
  displayName: { 'zh-CN': '发起飞书审批', en: 'Start Feishu approval' },
  input: {
    type: 'object',
    required: ['userId', 'form'],
    properties: {
      userId: { type: 'string', minLength: 1, title: 'Initiator user_id' },
      form: {
        title: 'Form controls',
        oneOf: [
          { type: 'array', items: { type: 'object', required: ['id', 'type', 'value'], properties: { id: { type: 'string' }, type: { type: 'string' }, value: {} } } },
          { type: 'object', additionalProperties: true },
        ],
      },
      title: { type: 'string' },
      departmentId: { type: 'string' },
      approvalCode: { type: 'string', title: 'Approval definition code (default: credential)' },
    },
  },
  output: { type: 'object', properties: { instanceCode: { type: 'string' }, uuid: { type: 'string' }, duplicate: { type: 'boolean' } } },
  sends: ['userId', 'form', 'title', 'departmentId'],
  async run(ctx, input) {
    const approvalCode = input.approvalCode || credentialsOf(ctx).approvalCode;
    if (!approvalCode) throw ConnectorError.nonRetryable('INVALID_INPUT', 'approvalCode is required (credential or input)');
    if (!input.userId) throw ConnectorError.nonRetryable('INVALID_INPUT', 'userId is required');
    const uuid = instanceUuid(ctx.idempotencyKey);
    const body: Record<string, unknown> = { approval_code: approvalCode, user_id: input.userId, form: JSON.stringify(toControls(input.form)), uuid };
    if (input.departmentId) body.department_id = input.departmentId;
    if (input.title) {
      // Feishu wants the title as an @i18n@ key resolved through i18n_resources.
      body.title = '@i18n@coachflow_title';
      body.i18n_resources = [{ locale: 'zh-CN', texts: [{ key: '@i18n@coachflow_title', value: input.title }], is_default: true }];
    }
    const env = await feishuCall<{ instance_code?: string }>(ctx, 'POST', '/open-apis/approval/v4/instances', body, [60012]);
    if (env.code === 0 && env.data?.instance_code) return { instanceCode: env.data.instance_code, uuid, duplicate: false };
    if (env.code === 60012) {
      const found = await findInstanceByUuid(ctx, approvalCode, uuid);
      if (found) {
        ctx.logger.info('feishu: uuid already used, found the instance of this step', { instanceCode: found });
        return { instanceCode: found, uuid, duplicate: true };
      }
      throw ConnectorError.nonRetryable('DUPLICATE', `Feishu says uuid ${uuid} was already used (60012) but no instance of ${approvalCode} from the last 7 days carries it; check the approval console before retrying`);
    }
    throw ConnectorError.nonRetryable('BAD_RESPONSE', 'Feishu create answered without instance_code');
  },
});
