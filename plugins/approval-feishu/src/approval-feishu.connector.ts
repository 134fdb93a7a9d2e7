import { defineConnector } from '@coachflow/connector-sdk';
import { createInstance } from './actions/create-instance.action.js';
import { getInstance } from './actions/get-instance.action.js';
import { subscribe } from './actions/subscribe.action.js';

/** Feishu / Lark Approval v4 (CONTRACTS.md 2.1). */
export default defineConnector({
  id: 'approval-feishu',
  version: 1,
  displayName: { 'zh-CN': '飞书审批', en: 'Feishu approval' },
  credentials: {
    baseUrl: { type: 'string', format: 'uri', required: false, displayName: { 'zh-CN': '开放平台地址（默认 https://open.feishu.cn）', en: 'Open platform URL (default https://open.feishu.cn)' } },
    appId: { type: 'string', required: true, displayName: { 'zh-CN': 'App ID', en: 'App ID' } },
    appSecret: { type: 'string', secret: true, required: true, displayName: { 'zh-CN': 'App Secret', en: 'App Secret' } },
    approvalCode: { type: 'string', required: true, displayName: { 'zh-CN': '审批定义 Code', en: 'Approval definition code' } },
    encryptKey: { type: 'string', secret: true, required: false, displayName: { 'zh-CN': '事件加密 Encrypt Key', en: 'Event Encrypt Key' } },
    verificationToken: { type: 'string', secret: true, required: false, displayName: { 'zh-CN': '事件校验 Verification Token', en: 'Event Verification Token' } },
  },
  actions: { createInstance, getInstance, subscribe },
});
