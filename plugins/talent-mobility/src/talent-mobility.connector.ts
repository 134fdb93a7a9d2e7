import { defineConnector } from '@coachflow/connector-sdk';
import { cancelRotationRequest } from './actions/cancel-rotation-request.action.js';
import { createRotationRequest } from './actions/create-rotation-request.action.js';
import { getRotationRequest } from './actions/get-rotation-request.action.js';

/** Internal talent marketplace through the vendor-neutral contract in ../openapi.yaml. */
export default defineConnector({
  id: 'talent-mobility',
  version: 1,
  displayName: { 'zh-CN': '内部人才市场（轮岗）', en: 'Talent marketplace (rotation)' },
  credentials: {
    baseUrl: { type: 'string', format: 'uri', required: true, displayName: { 'zh-CN': 'API 地址', en: 'API base URL' } },
    token: { type: 'string', secret: true, required: true, displayName: { 'zh-CN': '访问令牌', en: 'Bearer token' } },
    webhookSecret: { type: 'string', secret: true, required: false, displayName: { 'zh-CN': 'Webhook 签名密钥', en: 'Webhook signing secret' } },
  },
  actions: { createRotationRequest, getRotationRequest, cancelRotationRequest },
});
