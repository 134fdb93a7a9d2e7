import { ConnectorError } from '@coachflow/connector-sdk';

export const DEFAULT_DINGTALK_BASE_URL = 'https://api.dingtalk.com';

export interface DingtalkCredentials {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  processCode: string;
  callbackToken: string;
  aesKey: string;
  corpId: string;
}

export function dingtalkCredentials(c: Record<string, string>): DingtalkCredentials {
  return {
    baseUrl: (c.baseUrl || DEFAULT_DINGTALK_BASE_URL).replace(/\/+$/, ''),
    appKey: c.appKey ?? '',
    appSecret: c.appSecret ?? '',
    processCode: c.processCode ?? '',
    callbackToken: c.callbackToken ?? '',
    aesKey: c.aesKey ?? '',
    corpId: c.corpId ?? '',
  };
}

export function apiCredentials(c: Record<string, string>): DingtalkCredentials {
  const creds = dingtalkCredentials(c);
  if (!creds.appKey || !creds.appSecret) throw ConnectorError.nonRetryable('CREDENTIALS_MISSING', 'approval-dingtalk needs appKey and appSecret');
  return creds;
}
