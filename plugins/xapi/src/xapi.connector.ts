import { defineConnector } from '@coachflow/connector-sdk';
import { sendStatement } from './actions/send-statement.action.js';

/** Any xAPI 1.0.3 Learning Record Store (CONTRACTS.md 2.5). */
export default defineConnector({
  id: 'xapi',
  version: 1,
  displayName: { 'zh-CN': 'xAPI 学习记录库', en: 'xAPI LRS' },
  credentials: {
    endpoint: { type: 'string', format: 'uri', required: true, displayName: { 'zh-CN': 'LRS 端点', en: 'LRS endpoint (…/xapi)' } },
    username: { type: 'string', required: true, displayName: { 'zh-CN': '用户名 / key', en: 'Username / key' } },
    password: { type: 'string', secret: true, required: true, displayName: { 'zh-CN': '密码 / secret', en: 'Password / secret' } },
    homePage: { type: 'string', format: 'uri', required: true, displayName: { 'zh-CN': '账号主页（HR 系统地址）', en: 'Account homePage (HR system URL)' } },
  },
  actions: { sendStatement },
});
