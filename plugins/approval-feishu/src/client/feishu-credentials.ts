import { ConnectorError, type ActionContext } from '@coachflow/connector-sdk';

export const DEFAULT_FEISHU_BASE_URL = 'https://open.feishu.cn';

export interface FeishuCredentials {
  baseUrl: string;
  appId: string;
  appSecret: string;
  approvalCode: string;
  encryptKey?: string;
  verificationToken?: string;
}

export function feishuCredentials(c: Record<string, string>): FeishuCredentials {
  if (!c.appId || !c.appSecret) throw ConnectorError.nonRetryable('CREDENTIALS_MISSING', 'approval-feishu needs appId and appSecret');
  return {
    baseUrl: (c.baseUrl || DEFAULT_FEISHU_BASE_URL).replace(/\/+$/, ''),
    appId: c.appId,
    appSecret: c.appSecret,
    approvalCode: c.approvalCode ?? '',
    encryptKey: c.encryptKey || undefined,
    verificationToken: c.verificationToken || undefined,
  };
}

export const credentialsOf = (ctx: ActionContext): FeishuCredentials => feishuCredentials(ctx.credentials);
