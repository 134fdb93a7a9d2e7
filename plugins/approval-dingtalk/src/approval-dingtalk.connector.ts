import { defineConnector } from '@coachflow/connector-sdk';
import { createInstance } from './actions/create-instance.action.js';
import { getInstance } from './actions/get-instance.action.js';

/** DingTalk OA approval (官方OA审批), v1.0 API (CONTRACTS.md 2.2). */
export default defineConnector({
  id: 'approval-dingtalk',
  version: 1,
  displayName: { 'zh-CN': '钉钉审批', en: 'DingTalk approval' },
  credentials: {
    baseUrl: { type: 'string', format: 'uri', required: false, displayName: { 'zh-CN': 'API 地址（默认 https://api.dingtalk.com）', en: 'API URL (default https://api.dingtalk.com)' } },
    appKey: { type: 'string', required: true, displayName: { 'zh-CN': 'AppKey', en: 'AppKey' } },
    appSecret: { type: 'string', secret: true, required: true, displayName: { 'zh-CN': 'AppSecret', en: 'AppSecret' } },
    processCode: { type: 'string', required: true, displayName: { 'zh-CN': '审批模板 processCode', en: 'Template processCode' } },
    callbackToken: { type: 'string', secret: true, required: false, displayName: { 'zh-CN': '回调签名 Token', en: 'Callback token' } },
    aesKey: { type: 'string', secret: true, required: false, displayName: { 'zh-CN': '回调加密 aes_key（43 位）', en: 'Callback aes_key (43 chars)' } },
    corpId: { type: 'string', required: false, displayName: { 'zh-CN': '企业 CorpId', en: 'CorpId' } },
  },
  actions: { createInstance, getInstance },
});
