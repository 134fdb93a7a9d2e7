/**
 * @coachflow/plugin-approval-dingtalk — DingTalk OA approval instances, plus pure callback helpers.
 *
 * ```ts
 * import dingtalk, { handleDingtalkCallback } from '@coachflow/plugin-approval-dingtalk';
 * const r = handleDingtalkCallback({ query: ctx.query, rawBody }, creds);
 * reply(200, r.reply); if (r.kind === 'event') { dedupe(r.eventId); resume(r.instanceId, r.outcome); }
 * ```
 */
export { default } from './approval-dingtalk.connector.js';
export { decryptDingtalk, dingtalkSignature, encryptDingtalk } from './callback/dingtalk-crypto.js';
export { dingtalkSuccessReply, handleDingtalkCallback, type DingtalkCallbackRequest, type DingtalkCallbackResult, type DingtalkReply } from './callback/handle-dingtalk-callback.js';
export { mapDingtalkEvent, mapDingtalkStatus, type ApprovalOutcome } from './callback/map-status.js';
export { clearDingtalkTokenCache } from './client/access-token.js';
export { stringifyValue } from './client/form-values.js';
export type { CreateInstanceInput } from './actions/create-instance.action.js';
export type { GetInstanceOutput } from './actions/get-instance.action.js';
