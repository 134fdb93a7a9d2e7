/**
 * @coachflow/plugin-approval-feishu — Feishu approval instances, plus pure callback helpers.
 *
 * ```ts
 * import feishu, { handleFeishuCallback } from '@coachflow/plugin-approval-feishu';
 * const r = handleFeishuCallback({ headers, rawBody }, creds);
 * if (r.kind === 'challenge') reply(200, r.body);
 * if (r.kind === 'event') { dedupe(r.eventId); resumeRunWaitingOn(r.instanceCode, r.outcome); }
 * ```
 */
export { default } from './approval-feishu.connector.js';
export { decryptFeishuEvent, verifyFeishuSignature } from './callback/feishu-crypto.js';
export { handleFeishuCallback, type FeishuCallbackRequest, type FeishuCallbackResult } from './callback/handle-feishu-callback.js';
export { FEISHU_FINAL_STATUSES, mapFeishuStatus, type ApprovalOutcome } from './callback/map-status.js';
export { clearFeishuTokenCache } from './client/tenant-token.js';
export { instanceUuid } from './client/instance-uuid.js';
export type { CreateInstanceInput, CreateInstanceOutput } from './actions/create-instance.action.js';
export type { GetInstanceOutput } from './actions/get-instance.action.js';
