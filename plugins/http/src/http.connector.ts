import { defineConnector } from '@coachflow/connector-sdk';
import { sendRequest } from './actions/send-request.action.js';

/** Generic HTTP calls, with an SSRF guard that only an IT admin's allowlist can open. */
export default defineConnector({
  id: 'http',
  version: 1,
  displayName: { 'zh-CN': 'HTTP 请求', en: 'HTTP request' },
  credentials: {
    allowlist: {
      type: 'string',
      required: false,
      displayName: { 'zh-CN': '内网白名单（host:port 或 CIDR，逗号分隔）', en: 'Internal allowlist (host:port or CIDR, comma-separated)' },
    },
  },
  actions: { sendRequest },
});
